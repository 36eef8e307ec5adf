"""Bilingual (Chinese/English) document pipeline."""

__version__ = "0.1.0"
