"""`warp api token create`: a token for a dashboard or system, printed once on the last line."""

from django.core.exceptions import ValidationError

from warp.accounts.models import User
from warp.api.services import api_token_create


def token_create(*, email: str, name: str, days: int) -> int:
    person = User.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        print(f"No account has the email address {email}. Check it, or add the account first.")
        return 2
    if not name.strip():
        print("Give the token a --name saying what it is for, for example --name 'Power BI dashboard'.")
        return 2
    try:
        token, plain = api_token_create(user=person, name=name, days=days, by=None)
    except ValidationError as error:
        print(" ".join(message for messages in error.message_dict.values() for message in messages))
        return 2
    print(f"Made the API token “{token.name}”, acting as {person.email} ({person.get_role_display()}).")
    print(f"It works until {token.expires_at:%Y-%m-%d}. It is shown only now; WaRP keeps only its hash.")
    print(plain)
    return 0
