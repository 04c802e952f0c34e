"""Readers and writers, chosen by file extension and imported on demand."""
