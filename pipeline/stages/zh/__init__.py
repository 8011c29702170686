"""Chinese stages (Simplified and Traditional): normalization, words, persons, dates, places, charges, terms, triggers, linking."""
