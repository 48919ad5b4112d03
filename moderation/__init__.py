"""Content monitoring (内容监测, `001` arts. 16–18): rules, flags, public reports, the message board, statistics."""
