"""The request pages, one module per audience: `public`, `applicant` (with the wizard that
reception also uses for a visitor), `staff` (queues and one request's pages), `desk` (walk-ins,
contacts, referrals), `catalogue` (managers' services and tools) and `exports` (CSV)."""

from .applicant import *  # noqa: F403
from .catalogue import *  # noqa: F403
from .desk import *  # noqa: F403
from .exports import *  # noqa: F403
from .public import *  # noqa: F403
from .staff import *  # noqa: F403
