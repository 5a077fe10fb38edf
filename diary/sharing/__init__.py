"""Sharing a diary with caregivers: invitations, access and its log."""
