"""What each page draws, one module per page, assembled from the query modules and the figure builders.

The direction is one way: a view calls query modules (``gugus.indicators``, ``gugus.ran``, ``gugus.maps``…), which
return data, and figure builders (``gugus.charts``, ``gugus.cartography``, ``gugus.mapfigure``), which take plain data
and import no query module. Pages call views through ``ui.data`` (cached by data version) and only draw. Column
names a reader sees, and the sentences above results, are set here, not in the pages.
"""
