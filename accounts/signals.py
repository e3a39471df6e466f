"""What accounts announces. Receivers run inside the sender's transaction.

``progress`` connects a one-line receiver (imports point the other way: accounts never
imports progress).
"""

from django.dispatch import Signal

# A guest's progress is being handed to an account; the guest is deleted right after the
# receivers return, in the same transaction. kwargs: guest (User), user (User)
guest_claimed = Signal()
