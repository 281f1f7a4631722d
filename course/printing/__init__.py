"""The printed editions (learner workbook, trainer edition, handouts, cards) and slide decks."""
