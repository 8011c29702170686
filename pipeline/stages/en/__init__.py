"""English stages: triggers, persons, dates, places, charges, sentence terms, linking."""
