"""The deck: questionnaire cards and drill metadata as pure, frozen dataclasses."""

from studyapp.deck.loader import DeckError, load_deck
from studyapp.deck.models import TOPICS, Card, Deck, DrillMeta, KeyPoint

__all__ = ["TOPICS", "Card", "Deck", "DeckError", "DrillMeta", "KeyPoint", "load_deck"]
