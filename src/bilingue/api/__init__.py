"""Every user task as a public function; the CLI only parses, calls these and renders.

One module per family of tasks (documents, models, glossary, review, memory…); this
package re-exports each module's ``__all__`` so callers write
``from bilingue.api import translate_paths``. Each module imports its heavy
dependencies inside the functions that need them, so importing this package is cheap.
"""

from __future__ import annotations

from bilingue.api import documents, glossary, memory, models, publish, quality, review, runs
from bilingue.api.documents import *  # noqa: F403
from bilingue.api.glossary import *  # noqa: F403
from bilingue.api.memory import *  # noqa: F403
from bilingue.api.models import *  # noqa: F403
from bilingue.api.publish import *  # noqa: F403
from bilingue.api.quality import *  # noqa: F403
from bilingue.api.review import *  # noqa: F403
from bilingue.api.runs import *  # noqa: F403

__all__ = [
    *documents.__all__,
    *glossary.__all__,
    *memory.__all__,
    *models.__all__,
    *publish.__all__,
    *quality.__all__,
    *review.__all__,
    *runs.__all__,
]
