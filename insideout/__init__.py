"""insideout: a self-hostable coaching system for runners.

How a runner moves is inside-out: mobility, stability and strength are the cake, running
technique is the frosting. The method lives in :mod:`insideout.core` (pure Python); the numbers in
:mod:`insideout.catalogue` (versioned data); everything else is an adapter.
"""

__version__ = "0.1.0"
