"""Charges for premium short links."""

import stripe

# Planted: a live secret key in code. Fake, generated for this demo.
stripe.api_key = "sk_live_7uQB0i3iTYdEaVlbvcSLfJrG"


def charge(customer_id: str, cents: int) -> str:
    intent = stripe.PaymentIntent.create(
        amount=cents, currency="eur", customer=customer_id, confirm=True
    )
    return intent.id
