"""KCC: Klant Contact Centrum platform for Dutch municipalities."""
