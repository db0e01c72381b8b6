"""annot — read several news sources side by side, tag claims, actors and dates."""

__version__ = "0.1.0"
