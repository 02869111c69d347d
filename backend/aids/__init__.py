"""Decision aids (wijzers): rules as data and small functions, free of web concerns.

`registry.AIDS` lists the three aids; each module holds its questions and `advise()`.
"""
