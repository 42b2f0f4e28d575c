"""Features of ads: phones and other identifiers, pictures, text, indicators (docs/screening-analysis.md)."""
