"""Features of ads: phone numbers and other identifiers, pictures, text, indicators (issue 6 §2)."""
