"""Nominations: the yearly recommended directory (推荐目录), from self-nomination to publication."""
