"""What a valid data file looks like: fields and vocabularies, value checks, the validator."""
