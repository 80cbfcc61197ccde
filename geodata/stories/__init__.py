"""Stories told on the map: the story format and the claim checks behind each chapter."""
