"""Message templates, names and other text of the demo helpdesk.

Customer templates come in tone classes that a lexicon scorer (VADER) agrees with: `neu`
(compound >= -0.05, never negative), `pos` (> 0.05) and `neg` (< -0.05). The generator relies
on this for email and voice, where the platform gives no sentiment score and the dbt project
scores the body itself; tests check every template against VADER.

Slot values ({order}, {amount}, ...) come from small pools so that the number of distinct
bodies stays bounded (the lexicon model scores each distinct body once).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

FIRST_NAMES: tuple[str, ...] = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "Lucas", "Mia", "Mateo", "Amelia",
    "Ethan", "Harper", "James", "Evelyn", "Aiden", "Aria", "Daniel", "Chloe", "Henry", "Layla",
    "Samuel", "Nora", "David", "Zoe", "Joseph", "Lily", "Carter", "Hannah", "Owen", "Priya",
    "Arjun", "Mei", "Hiroshi", "Fatima", "Omar", "Ana", "Luis", "Ingrid", "Lars", "Chiara",
    "Marco", "Aisha", "Kwame", "Yuki", "Sven", "Elena", "Pierre", "Camille", "Tomasz",
)
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
    "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "Nguyen", "Patel", "Kim", "Chen", "Singh", "Kowalski", "Rossi", "Muller",
    "Dubois", "Silva", "Tanaka", "Okafor", "Larsen", "Novak", "Fischer", "Haddad", "Costa", "Ivanova",
)
AI_AGENT_NAMES: tuple[str, ...] = ("Aria (AI agent)", "Aria Voice & Email (AI agent)")
_COMPANY_A = (
    "Blue", "North", "Bright", "Silver", "Green", "Rapid", "Clear", "Summit", "Urban", "Iron", "Lumen",
    "Nova", "Cedar", "Harbor", "Pixel", "Atlas", "Vertex", "Orbit", "Maple", "Quantum", "Coral", "Ember",
)
_COMPANY_B = (
    "Labs", "Logistics", "Health", "Retail", "Foods", "Systems", "Media", "Analytics", "Travel",
    "Finance", "Works", "Studio", "Outfitters", "Energy", "Robotics", "Learning", "Goods", "Cloud",
)
_COMPANY_C = ("Inc", "LLC", "GmbH", "Ltd", "Co", "SA", "BV", "")

ORDERS = tuple(f"#A{n}" for n in range(10412, 10412 + 7 * 60, 7))
AMOUNTS_SMALL = ("$19", "$29", "$49", "$79", "$120", "$180", "$240")
AMOUNTS_LARGE = ("$600", "$750", "$900", "$1,200", "$2,400")
PLANS = ("Starter", "Growth", "Business", "Enterprise")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
APPS = ("Salesforce", "HubSpot", "Slack", "Shopify", "Zapier", "Google Sheets", "Stripe")

# --------------------------------------------------------------------------------------------
# customer messages: {intent: {"neu": [...], "neg": [...]}}
# --------------------------------------------------------------------------------------------

OPENERS: dict[str, dict[str, tuple[str, ...]]] = {
    "password_reset": {
        "neu": (
            "Hi, I need to reset my password.",
            "How do I reset my password? The reset email has not arrived yet.",
            "Hello, could you send me a new password reset link?",
            "I changed my email address and now need a password reset.",
        ),
        "neg": (
            "I can't log in and the password reset is broken. This is really annoying.",
            "Your password reset link has failed three times now, very frustrating.",
            "Terrible experience, I've been locked out for an hour trying to reset my password.",
        ),
    },
    "billing_question": {
        "neu": (
            "Hi, I have a question about the charge on my latest invoice.",
            "Can you explain the line items on my bill for {month}?",
            "Hello, which payment methods do you accept for annual billing?",
            "Why did my monthly amount change this month?",
        ),
        "neg": (
            "I was charged twice this month and I'm not happy about it.",
            "This bill is wrong again, I am really frustrated with your billing.",
            "Unacceptable, you charged my card without any warning.",
        ),
    },
    "shipping_status": {
        "neu": (
            "Hi, where is my order {order}?",
            "Could you check the delivery status of order {order}?",
            "When will order {order} arrive? The tracking page has not updated since Monday.",
            "Hello, has my package {order} shipped yet?",
        ),
        "neg": (
            "My order {order} is late again and nobody tells me anything. Awful.",
            "Still no package for {order}, this is ridiculous and I'm upset.",
            "The tracking for {order} is useless and the delivery is a week late.",
        ),
    },
    "refund_request": {
        "neu": (
            "Hi, I would like a refund for order {order}.",
            "How do I request a refund of {amount_small}?",
            "Hello, I returned order {order} last week, when will the refund arrive?",
            "I need a refund for a duplicate purchase of {amount_small}.",
        ),
        "neg": (
            "The product was damaged and broken, I want my money back.",
            "Your service is terrible, refund order {order} now.",
            "I'm angry, I was promised a refund two weeks ago and still nothing.",
        ),
    },
    "order_cancellation": {
        "neu": (
            "Hi, please cancel order {order}.",
            "Can I still cancel order {order} before it ships? Thanks!",
            "Hello, I picked the other size by mistake. Please cancel {order}, thanks.",
            "How do I cancel an order I placed this morning? Thanks.",
        ),
        "neg": (
            "I tried to cancel {order} online and it failed, this is frustrating.",
            "Cancel {order} right now, your checkout charged me by mistake and I'm annoyed.",
            "Terrible, the cancel button does nothing for {order}.",
        ),
    },
    "technical_troubleshooting": {
        "neu": (
            "Hi, the app shows code 504 when I open the dashboard.",
            "The sync has not run since the last update. What should I check?",
            "Hello, reports are loading slowly since yesterday.",
            "How do I clear the cache on the desktop app?",
        ),
        "neg": (
            "Nothing works, the app crashes every time I open it. Horrible.",
            "The dashboard is broken again and I'm losing work, this is awful.",
            "Your update broke everything and I'm really frustrated.",
        ),
    },
    "account_access": {
        "neu": (
            "Hi, my account is locked after too many login attempts.",
            "I need access to my team's workspace, how do I get an invite?",
            "Hello, two-factor codes are not arriving on my new phone.",
            "How do I move my account to a new email address?",
        ),
        "neg": (
            "I'm locked out of my account and it's blocking my whole team. Terrible.",
            "The login keeps failing and I'm very annoyed, I have a deadline today.",
            "I lost access to my account, this is a disaster.",
        ),
    },
    "plan_change": {
        "neu": (
            "Hi, I'd like to upgrade to the {plan} plan.",
            "How do I switch from monthly to annual billing?",
            "Hello, can I downgrade my plan at the end of the cycle?",
            "What changes if we move to the {plan} plan?",
        ),
        "neg": (
            "I tried to change my plan and got charged the wrong amount. Annoying.",
            "The plan page is broken and I'm frustrated, I just want to downgrade.",
            "Bad experience, my upgrade failed twice.",
        ),
    },
    "feature_question": {
        "neu": (
            "Hi, does your product support custom fields?",
            "Is there a way to schedule reports every Monday?",
            "Hello, can I export dashboards to PDF?",
            "Do you have an API for bulk updates?",
        ),
        "neg": (
            "Your documentation is confusing and useless about custom roles.",
            "I'm frustrated, I can't find the bulk edit feature anywhere.",
            "This missing feature is a real problem for us, disappointing.",
        ),
    },
    "bug_report": {
        "neu": (
            "Hi, I think the date filter shows last week instead of this week.",
            "The export button does nothing in Firefox.",
            "Hello, charts show duplicate labels since the last release.",
            "Reporting a bug: notifications arrive twice.",
        ),
        "neg": (
            "There's a serious bug deleting my drafts, this is awful.",
            "Another bug broke the editor, I'm really annoyed.",
            "Your latest release is broken and buggy, terrible quality.",
        ),
    },
    "invoice_copy": {
        "neu": (
            "Hi, can you send me a copy of the invoice for {month}?",
            "I need the invoice for order {order} with our VAT number.",
            "Hello, where can I download past invoices?",
            "Please email the {month} invoice to our accounts team.",
        ),
        "neg": (
            "I asked for this invoice twice already, very annoying.",
            "Your invoice page is broken and our finance team is upset.",
            "Still no invoice for {month}, this is frustrating.",
        ),
    },
    "integration_setup": {
        "neu": (
            "Hi, how do I connect {app} to my account?",
            "Can you help me set up the {app} integration?",
            "Hello, which permissions does the {app} connector need?",
            "Where do I find the API key for the {app} integration?",
        ),
        "neg": (
            "The {app} integration keeps failing and I'm frustrated.",
            "Your {app} connector is broken, we lost data. Terrible.",
            "I wasted hours on the {app} setup, awful documentation.",
        ),
    },
    "cancellation_request": {
        "neu": (
            "Hi, I would like to cancel my subscription at the end of this cycle, thanks.",
            "How do I close my account and end the renewal? Thanks.",
            "Hello, please cancel our plan, we are moving to another tool.",
            "What happens to my data when my subscription ends?",
        ),
        "neg": (
            "Cancel my subscription now, I'm fed up with the constant problems.",
            "Terrible service, I want to close my account today.",
            "I'm disappointed and want to cancel, nothing works as promised.",
        ),
    },
    "data_export": {
        "neu": (
            "Hi, how do I export all my data to CSV?",
            "Can I get a full export of our workspace?",
            "Hello, the export email has not arrived yet.",
            "Is there a way to export only last year's records?",
        ),
        "neg": (
            "The data export failed again, this is frustrating.",
            "I can't get my own data out, terrible.",
            "Your export is broken and I'm worried we lost records.",
        ),
    },
    "security_concern": {
        "neu": (
            "Hi, I received an email asking for my password, is it from you?",
            "How do I see which devices are signed in to my account?",
            "Hello, I want to enable single sign-on for our team.",
            "Can you check whether our account had an unusual sign-in?",
        ),
        "neg": (
            "Someone hacked my account, I'm scared and angry.",
            "There was a fraudulent login on my account, this is alarming.",
            "I got a phishing email using your logo, this is a serious problem.",
        ),
    },
    "address_change": {
        "neu": (
            "Hi, I moved and need to update my shipping address.",
            "Can you change the delivery address on order {order}?",
            "Hello, how do I update the billing address on our account?",
            "Please use my new address for the next delivery.",
        ),
        "neg": (
            "My order went to my old address again, this is frustrating.",
            "I updated my address twice and it still shows the wrong one, terrible.",
            "You shipped to an address I removed, I'm annoyed.",
        ),
    },
    "product_return": {
        "neu": (
            "Hi, I'd like to return order {order}.",
            "How do I send back an item I ordered in {month}?",
            "Hello, can I get a return label for my order?",
            "What is the return window for items bought in {month}?",
        ),
        "neg": (
            "The item arrived damaged and I want to return it, very disappointing.",
            "Your return process is confusing and the label doesn't work.",
            "My return was lost and nobody replies, this is awful.",
        ),
    },
    "user_management": {
        "neu": (
            "Hi, how do I invite a new colleague to our workspace?",
            "Can you remove a user who left our company?",
            "Hello, how do I make someone an admin?",
            "Where can I see the list of users on our plan?",
        ),
        "neg": (
            "The invitation email never arrives, this is frustrating.",
            "I can't remove a former employee, this is a serious problem.",
            "User roles keep resetting, terrible experience.",
        ),
    },
    "payment_dispute": {
        "neu": (
            "Hi, I see a charge of {amount_large} that I don't recognise.",
            "Hello, I asked my bank to review a payment to you.",
            "Can you explain the charge of {amount_small} on my card statement?",
            "I want to question the charge on my last invoice.",
        ),
        "neg": (
            "You charged me twice and I'm filing a chargeback, this is unacceptable.",
            "This charge is wrong and nobody fixes it, I'm angry.",
            "I was billed after cancelling, this is a disgrace.",
        ),
    },
    "legal_request": {
        "neu": (
            "Hello, our legal team needs a copy of the data processing agreement.",
            "Hi, we have a formal request regarding our contract terms.",
            "Please forward this notice to your legal department.",
            "Can you confirm where our data is stored for a compliance review?",
        ),
        "neg": (
            "You breached our contract, this is a serious problem.",
            "This is a formal complaint, your terms were violated.",
            "We are extremely unhappy and our lawyers are involved.",
        ),
    },
    "other": {
        "neu": (
            "Hi, do you offer discounts for nonprofits?",
            "Hello, can I change the language of the emails you send?",
            "Is your office open on public holidays?",
            "Can I speak about a partnership opportunity?",
        ),
        "neg": (
            "Nobody answered my previous email, very disappointing.",
            "I'm annoyed, your website is confusing.",
            "This whole process is frustrating.",
        ),
    },
}
OPENERS["unknown"] = {
    "neu": ("Hi, I have a question.", "Hello, can you help me with something?", "Quick question about my account."),
    "neg": ("I have a problem and I'm frustrated.", "Something is wrong again, annoying.", "This is a mess and I'm annoyed."),
}

FOLLOW_UPS_NEU: tuple[str, ...] = (
    "Okay, and how long does that take?",
    "I tried that. What should I do next?",
    "Got it. Does this also apply to my colleagues?",
    "Where exactly do I find that setting?",
    "Okay, I'm on that page now.",
    "Will I get an email confirmation?",
    "Can you check again with order {order}?",
    "Sure, one moment.",
)
THANKS_POS: tuple[str, ...] = (
    "Thanks, that worked!",
    "Perfect, thank you so much.",
    "Great, problem solved. Thanks!",
    "That fixed it, thanks for the quick help.",
    "Awesome, all good now. Thank you!",
    "Thank you, that's exactly what I needed.",
)
NEG_END: tuple[str, ...] = (
    "This is useless, it still doesn't work.",
    "That didn't help at all. Very disappointed.",
    "Forget it, this is a waste of my time.",
    "Still broken. Terrible support.",
    "Not helpful, I'm really frustrated now.",
    "That answer is wrong and I'm annoyed.",
)
ASK_HUMAN_NEU: tuple[str, ...] = (
    "Can I talk to a human agent please?",
    "I'd like to speak to a person.",
    "Please connect me with someone from your team.",
    "Is there a real person I can chat with?",
)
NEG_TURN: tuple[str, ...] = (
    "This is not what I asked, I'm getting frustrated.",
    "No, that's wrong. This is annoying.",
    "You're not understanding my problem, terrible.",
)
MUST_ESCALATE: tuple[str, ...] = (
    "This is unacceptable. If it is not fixed today I will contact my lawyer.",
    "I am filing a BBB complaint about this terrible service.",
    "I want a refund of {amount_large} for this broken service.",
    "This is fraud, I will contact my lawyer and dispute the charge.",
    "Awful service. I'm filing a BBB complaint today.",
    "I want a refund of {amount_large} right now, this is unacceptable.",
)
REOPEN_NEU: tuple[str, ...] = (
    "Hi again, the same issue is back.",
    "Hello, I'm reopening this, it happened again this morning.",
    "Following up on this ticket, it came back after a day.",
)
HUMAN_CLOSE_POS: tuple[str, ...] = (
    "Thank you, that solved it!",
    "Great, thanks for your help.",
    "Perfect, appreciate it.",
    "Thanks a lot, all sorted.",
)
CSAT_COMMENTS: dict[int, tuple[str, ...]] = {
    1: ("Terrible, nobody solved my problem.", "Useless answers.", "Very bad experience."),
    2: ("Slow and not very helpful.", "I had to explain everything twice.", "Not resolved."),
    3: ("Okay, but it took a while.", "Fine.", "Solved eventually."),
    4: ("Good help, thanks.", "Quick and friendly.", "Solved my issue."),
    5: ("Excellent, super fast!", "Great support, thank you!", "Perfect answer right away."),
}

# --------------------------------------------------------------------------------------------
# AI and human agent messages
# --------------------------------------------------------------------------------------------

AI_ANSWERS: dict[str, tuple[str, ...]] = {
    "password_reset": (
        "I've sent a password reset link to your email. It is valid for 30 minutes.",
        "You can reset your password from Settings > Security > Reset password. I've also emailed you a link.",
    ),
    "billing_question": (
        "Your invoice shows the monthly plan plus two extra seats added on the 12th, prorated.",
        "We accept cards, SEPA and bank transfer for annual billing. You can change it under Billing.",
    ),
    "shipping_status": (
        "Order {order} left our warehouse yesterday and should arrive within 2 business days.",
        "Order {order} is with the carrier; the latest scan shows it at your local depot.",
    ),
    "refund_request": (
        "I've started the refund for order {order}. It will reach your card in 5-7 business days.",
        "Refunds under our policy take 5-7 business days; yours for {amount_small} is now approved.",
    ),
    "order_cancellation": (
        "Order {order} is cancelled and you will not be charged.",
        "I cancelled order {order} before it shipped. A confirmation email is on its way.",
    ),
    "technical_troubleshooting": (
        "Please sign out, clear the app cache under Settings > Advanced, and sign in again.",
        "Error 504 usually means a stale session. Refreshing the workspace token fixes it: Settings > Sessions > Refresh.",
    ),
    "account_access": (
        "I've unlocked your account. You can sign in again now.",
        "You can re-register your two-factor device from the sign-in page using a backup code.",
    ),
    "plan_change": (
        "Your plan is now {plan}. The difference is prorated on your next invoice.",
        "You can switch plans under Billing > Plan. Downgrades apply at the end of the cycle.",
    ),
    "feature_question": (
        "Yes, custom fields are available on all plans under Settings > Fields.",
        "You can schedule reports from the report menu: Schedule > Weekly > Monday.",
    ),
    "bug_report": (
        "Thanks for reporting this. I've logged the bug with our engineers and linked your account.",
        "This is a known issue fixed in version 4.2, rolling out this week. A workaround is to refresh the page.",
    ),
    "invoice_copy": (
        "I've emailed the {month} invoice to the billing contact on your account.",
        "All invoices are under Billing > Invoices, where you can also add your VAT number.",
    ),
    "integration_setup": (
        "To connect {app}, go to Integrations > {app} > Connect and approve the requested permissions.",
        "The {app} connector needs read access to contacts and deals. Here is the setup guide.",
    ),
    "cancellation_request": (
        "I've scheduled the cancellation for the end of your billing cycle. Your data stays available for 30 days.",
        "You can cancel under Billing > Subscription. Your data can be exported before the end of the cycle.",
    ),
    "data_export": (
        "I've started a full export. You will receive a download link by email within an hour.",
        "Go to Settings > Data > Export and pick CSV. Large exports arrive by email.",
    ),
    "security_concern": (
        "That email is not from us. I've signed out all other sessions on your account as a precaution.",
        "You can review signed-in devices under Settings > Security > Sessions.",
    ),
    "address_change": (
        "I've updated the shipping address on your account. Orders not yet shipped will go to the new address.",
        "You can change your address under Settings > Addresses. Order {order} is updated too.",
    ),
    "product_return": (
        "I've emailed you a prepaid return label for order {order}. The refund follows once it arrives.",
        "Returns are free within 30 days. Start one under Orders > Return an item.",
    ),
    "user_management": (
        "I've sent the invitation again. It is valid for 7 days.",
        "Admins can add, remove and change users under Settings > Team.",
    ),
    "payment_dispute": (
        "I've passed the disputed charge to our billing team, who will review it and reply by email.",
        "A billing specialist is reviewing this charge and will contact you shortly.",
    ),
    "legal_request": (
        "I've forwarded your request to our legal team, who will reply in writing.",
        "Our legal team handles this kind of request and will contact you directly.",
    ),
    "other": (
        "Here is what I found in our help center about this.",
        "Thanks for asking. Here is the information that should help.",
    ),
    "unknown": (
        "Here is an article that should help with this.",
        "Thanks for reaching out. Here is what I found.",
    ),
}
AI_FOLLOW_UPS: tuple[str, ...] = (
    "It usually takes a few minutes. You will get an email confirmation.",
    "Yes, that applies to everyone in your workspace.",
    "You'll find it under Settings, in the left menu.",
    "Next, please refresh the page and try once more.",
    "I checked again and everything looks correct on our side now.",
)
AI_CLOSINGS: tuple[str, ...] = (
    "Glad I could help! Anything else?",
    "You're welcome. Have a great day!",
    "Happy to help. I'll close this conversation now.",
)
AI_CHECK: tuple[str, ...] = ("Did that solve your issue?", "Does that answer your question?")
AI_SORRY: tuple[str, ...] = (
    "I'm sorry about that. Here is another option you can try.",
    "I understand. Please try the steps in this article.",
)
AI_HANDOFF: tuple[str, ...] = (
    "I'm connecting you with a member of our team who can help further.",
    "Let me hand this over to a specialist. Someone will reply shortly.",
    "I'm transferring you to a human agent now.",
)
AI_INTERNAL: tuple[str, ...] = (
    "AI note: similar tickets were solved with the {intent} help article.",
    "AI note: customer contacted us about {intent} before; suggested macro attached.",
    "AI summary for agent: customer asks about {intent}; no action taken yet.",
)
HANDOFF_SUMMARY: tuple[str, ...] = (
    "Customer asks about {intent}. AI suggested the help article; customer still blocked.",
    "{intent}: customer shared the details, AI confidence low, needs a human check.",
    "Customer frustrated about {intent}; tried the standard steps without success.",
    "{intent} with a policy keyword, escalated per rule.",
)

HUMAN_FIRST: tuple[str, ...] = (
    "Hi {name}, thanks for reaching out. I'm looking into this now.",
    "Hello {name}, I'm {agent} and I'll take care of this for you.",
    "Hi {name}, thanks for the details. Give me a moment to check.",
    "Hi {name}, sorry for the wait. I can see your request and I'm on it.",
)
HUMAN_FIRST_AFTER_HANDOFF: tuple[str, ...] = (
    "Hi {name}, I'm {agent}. I've read the conversation with our assistant and I'll take it from here.",
    "Hello {name}, thanks for your patience. I can see what you tried already, let me check.",
    "Hi {name}, I've picked this up from our assistant. Let me look at your account.",
)
HUMAN_REPEAT: tuple[str, ...] = (
    "Hi {name}, sorry for the wait. Could you describe the issue again?",
    "Hello {name}, can you repeat the details of your request?",
    "Hi {name}, please provide your order number again so I can check.",
    "Hi {name}, could you send me the details again?",
    "Hello {name}, can you explain the problem again from your side?",
)
HUMAN_RESOLVE: dict[str, tuple[str, ...]] = {
    key: tuple("I've " + a[0].lower() + a[1:] if a.startswith("Your") else a for a in answers)
    for key, answers in AI_ANSWERS.items()
}
HUMAN_FOLLOW_UPS: tuple[str, ...] = (
    "Thanks, I've checked this with the team and updated your account.",
    "I've applied the change on our side. Please try again now.",
    "Understood. I've escalated this internally and will update you.",
    "That's done. You should see the change within a few minutes.",
)
HUMAN_CLOSINGS: tuple[str, ...] = (
    "You're welcome, {name}! I'll mark this as solved.",
    "Glad we sorted it out. Have a good day!",
    "Anything else, just reply to this message.",
)
HUMAN_INTERNAL: tuple[str, ...] = (
    "Internal: checked billing system, no anomalies.",
    "Internal: asked tier 2 for a second look.",
    "Internal: customer is on an enterprise contract, handle with care.",
)
SYSTEM_ACK = "We received your request and will get back to you shortly."

SUBJECTS: dict[str, tuple[str, ...]] = {
    "password_reset": ("Password reset", "Can't reset password", "Reset link not working"),
    "billing_question": ("Question about my bill", "Invoice charge", "Billing"),
    "shipping_status": ("Where is my order {order}?", "Delivery status", "Tracking update"),
    "refund_request": ("Refund request", "Refund for {order}", "Money back"),
    "order_cancellation": ("Cancel order {order}", "Order cancellation", "Cancel my order"),
    "technical_troubleshooting": ("App error", "Dashboard not loading", "Sync problem"),
    "account_access": ("Locked out", "Account access", "2FA problem"),
    "plan_change": ("Change plan", "Upgrade to {plan}", "Downgrade"),
    "feature_question": ("Feature question", "Is this possible?", "Custom fields"),
    "bug_report": ("Bug report", "Something is broken", "Export bug"),
    "invoice_copy": ("Invoice copy", "Invoice for {month}", "VAT invoice"),
    "integration_setup": ("{app} integration", "Connect {app}", "Integration setup"),
    "cancellation_request": ("Cancel subscription", "Close account", "Stop renewal"),
    "data_export": ("Data export", "Export my data", "CSV export"),
    "security_concern": ("Suspicious login", "Phishing email", "Security question"),
    "address_change": ("Change address", "New shipping address", "Address update"),
    "product_return": ("Return {order}", "Return an item", "Return label"),
    "user_management": ("Invite a user", "Remove a user", "Admin rights"),
    "payment_dispute": ("Disputed charge", "Chargeback", "Unrecognised payment"),
    "legal_request": ("Legal request", "Contract question", "Data processing agreement"),
    "other": ("Question", "Partnership", "General enquiry"),
    "unknown": ("Help", "Support request", "(no subject)"),
}
KB_TITLES: dict[str, tuple[str, ...]] = {
    "password_reset": ("Reset your password", "Password reset emails not arriving", "Password rules"),
    "billing_question": ("Understanding your invoice", "Payment methods", "Prorated charges explained"),
    "shipping_status": ("Track your order", "Delivery times by region", "Delayed shipments"),
    "refund_request": ("Refund policy", "How refunds work", "Refunds for damaged items"),
    "order_cancellation": ("Cancel an order", "Cancelling after shipment"),
    "technical_troubleshooting": ("Fix error 504", "Clear the app cache", "Sync troubleshooting"),
    "account_access": ("Unlock your account", "Two-factor authentication", "Team invitations"),
    "plan_change": ("Change your plan", "Annual vs monthly billing", "Plan comparison"),
    "feature_question": ("Custom fields", "Scheduled reports", "Exporting dashboards"),
    "bug_report": ("Known issues", "How to report a bug"),
    "invoice_copy": ("Download invoices", "Add a VAT number"),
    "integration_setup": ("Integrations overview", "Connector permissions", "API keys"),
    "cancellation_request": ("Cancel your subscription", "What happens to your data after cancelling"),
    "data_export": ("Export your data", "Large exports"),
    "security_concern": ("Recognise phishing", "Manage sessions", "Single sign-on"),
    "address_change": ("Update your address", "Change the delivery address of an order"),
    "product_return": ("Return policy", "Print a return label", "Refunds after a return"),
    "user_management": ("Invite your team", "User roles and permissions"),
    "payment_dispute": ("Disputed charges", "How we handle chargebacks"),
    "legal_request": ("Legal and compliance requests", "Data processing agreement"),
}
CS_TYPES: tuple[str, ...] = (
    "qbr", "renewal_outreach", "risk_playbook", "onboarding_check", "health_check", "expansion_pitch",
)


def company_names(n: int, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    """Unique-ish company names and their email domains."""
    names: list[str] = []
    domains: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        a = _COMPANY_A[int(rng.integers(len(_COMPANY_A)))]
        b = _COMPANY_B[int(rng.integers(len(_COMPANY_B)))]
        c = _COMPANY_C[int(rng.integers(len(_COMPANY_C)))]
        base = f"{a} {b}"
        if base in seen:
            base = f"{base} {len(names)}"
        seen.add(base)
        names.append(f"{base} {c}".strip())
        domains.append(base.lower().replace(" ", "") + ".example")
    return names, domains


def person_name(rng: np.random.Generator) -> str:
    """A random full name."""
    return f"{FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]} {LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]}"


def all_customer_templates() -> dict[str, list[str]]:
    """Every customer template by tone class (for the VADER consistency test)."""
    out: dict[str, list[str]] = {"neu": [], "pos": [], "neg": []}
    for tones in OPENERS.values():
        out["neu"] += tones["neu"]
        out["neg"] += tones["neg"]
    out["neu"] += list(FOLLOW_UPS_NEU) + list(ASK_HUMAN_NEU) + list(REOPEN_NEU)
    out["pos"] += list(THANKS_POS) + list(HUMAN_CLOSE_POS)
    out["neg"] += list(NEG_END) + list(NEG_TURN) + list(MUST_ESCALATE)
    return out


def fill(template: str, pick: Callable[[Sequence[str]], str], **names: str) -> str:
    """Fill slots with values from the pools (`pick(seq)` chooses one element) and `names`."""
    if "{" not in template:
        return template
    return template.format(
        order=pick(ORDERS), amount_small=pick(AMOUNTS_SMALL), amount_large=pick(AMOUNTS_LARGE),
        plan=pick(PLANS), month=pick(MONTHS), app=pick(APPS),
        name=names.get("name", "there"), agent=names.get("agent", "Sam"), intent=names.get("intent", "this"),
    )
