"""Which engine a run uses: a named one, or for ``auto`` the first that works, saying why.

``auto`` tries Argos first (better English) and falls back to Apertium (rougher,
but exact glossary protection). An installed Argos model is used only once it has
loaded and translated a sentence; a model that is installed but broken is skipped
with a note the user sees, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from bilingue.engines import EngineName, EngineOptions, Translator, build_engine
from bilingue.errors import EngineUnavailable, ModelNotInstalled

__all__ = ["AUTO_ORDER", "NO_ENGINE_HINT", "EngineChoice", "choose_engine"]

# The order ``auto`` tries engines in.
AUTO_ORDER = (EngineName.ARGOS, EngineName.APERTIUM)
NO_ENGINE_HINT = (
    "install the Argos fr→en model (`bilingue models install fr en`, or offline "
    "`bilingue models install --file PATH.argosmodel`) or Apertium "
    "(`apt-get install apertium apertium-fr-es apertium-eng-spa`)"
)


@dataclass(frozen=True)
class EngineChoice:
    """The engine a run uses, its registry name, and notes on engines passed over."""

    engine: Translator
    name: EngineName
    notes: tuple[str, ...] = ()


def choose_engine(requested: EngineName | str, options: EngineOptions) -> EngineChoice:
    """The engine for ``requested``: that engine, checked; or for ``auto`` the first in
    AUTO_ORDER that works. Raises EngineUnavailable when none does."""
    try:
        name = EngineName(requested)
    except ValueError:
        known = ", ".join(EngineName)
        raise EngineUnavailable(f"unknown engine {requested!r} ({known})") from None
    if name is not EngineName.AUTO:
        return EngineChoice(build_engine(name, options), name)
    broken: list[str] = []
    reasons: list[str] = []
    for candidate in AUTO_ORDER:
        try:
            engine = build_engine(candidate, options)
        except ModelNotInstalled as err:
            reasons.append(err.message)  # not installed: a choice, not a fault
            continue
        except EngineUnavailable as err:
            reasons.append(err.message)
            if candidate is EngineName.ARGOS:
                # Installed but broken: the user expects Argos and must learn why not.
                broken.append(err.message)
            continue
        notes = tuple(f"{reason}; {candidate.value} was used instead" for reason in broken)
        return EngineChoice(engine, candidate, notes)
    raise EngineUnavailable(
        "no French→English engine works here (" + "; ".join(reasons) + ")",
        hint=NO_ENGINE_HINT,
    )
