"""The app's screens: picker, briefing, conversation, report, history and the resume offer."""
