"""People who sign in."""

from django.contrib.auth.models import AbstractUser
from django.db import models


def person_label(username: str, full_name: str, title: str) -> str:
    """A person with their title, as lists of leaders show them: 李明（副州长）."""
    return f"{full_name}（{title}）" if title else (full_name or username)


class User(AbstractUser):
    """A person who signs in: office staff, a unit's liaison (联络员), a leader (州领导), an observer."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    title = models.CharField("职务", max_length=100, blank=True, help_text="如：州委常委、副州长")
    phone = models.CharField("电话", max_length=30, blank=True)
    must_change_password = models.BooleanField(
        "须修改密码",
        default=False,
        help_text="账号持一次性密码：登录后须先修改密码，才能使用其他页面",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return person_label(self.username, self.full_name, self.title)
