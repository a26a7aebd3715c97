"""Moved to `rectify.core.excel_text` (rounds' offline forms write cells the same way, and rounds sits
below documents in the layers); kept so that existing imports keep working."""

from rectify.core.excel_text import FORMULA_LEADS, text_cell, xlsx_text, xlsx_title

__all__ = ["FORMULA_LEADS", "text_cell", "xlsx_text", "xlsx_title"]
