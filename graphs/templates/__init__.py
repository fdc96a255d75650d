"""Templates and inline assets of the graph views (a package so that its data files ship with the wheel)."""
