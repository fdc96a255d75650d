"""Templates and inline assets of the report (a package so that its data files ship with the wheel)."""
