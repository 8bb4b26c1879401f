"""Text from people, made safe for CSV files that will be opened in a spreadsheet."""


def safe_cell(text: str) -> str:
    """A cell that starts like a formula gets a quote first, so no formula runs."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
