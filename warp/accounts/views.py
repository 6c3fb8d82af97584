from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from warp.accounts.access import public, signed_in
from warp.accounts.forms import SignInForm


@method_decorator(public, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return self.request.user.start_url()


sign_in = public(SignInView.as_view())
sign_out = public(auth_views.LogoutView.as_view())


@signed_in
def profile(request):
    return render(request, "accounts/profile.html")


password_change = signed_in(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:profile")
    )
)
