"""Expand planned conversations into rows: messages, events, handoffs, CSAT, QA, work sessions.

One `ConversationBuilder` turns a chunk of the plan into rows of the nine conversation tables,
following each conversation's planned path:

- human only: a human agent answers (the AI, when live for the intent, classifies it and in
  draft_assist mode suggests drafts the agent sends as is, edits, rewrites or discards; in
  shadow/draft mode it sometimes writes an internal note, which does not make it AI-involved);
- AI truly resolved: public AI answers (answer_sent events, sometimes action_taken and
  resolution_confirmed); the customer thanks the AI or goes silent (abandonment);
- AI false deflection: as above, plus the planned negative signal (a return, a human-handled
  follow-up within 1 h, a reopen within 48 h, a negative last customer message, or CSAT 1-2);
- AI escalated: a handoff (each trigger) or an implicit one (a human simply replies), some
  without a human reply, some with two handoffs; humans sometimes ask the customer to repeat;
- no response.

Times are int microseconds; rows after the end of data are not written (the export stops
there), which leaves the last conversations open.
"""

from __future__ import annotations

from supportmetrics.generator import config, texts
from supportmetrics.generator.calendar import DAY, HOUR, US
from supportmetrics.generator.emitter import AI_LATENCY, CUSTOMER_DELAY, HUMAN_WAIT, RowEmitter
from supportmetrics.generator.plan import (
    PATH_ESCALATED, PATH_FALSE, PATH_HUMAN, PATH_NO_RESPONSE, PATH_RESOLVED,
)
from supportmetrics.generator.rollout import MODE_AUTONOMOUS, MODE_DRAFT, MODE_SHADOW

_TURN_WEIGHTS = (0.45, 0.35, 0.15, 0.05)
_HUMAN_REPLY_WEIGHTS = (0.3, 0.4, 0.2, 0.1)


class ConversationBuilder(RowEmitter):
    """Builds the rows of one chunk, conversation by conversation, along the planned paths."""

    def build(self, r: int, created: int) -> int:
        """Write one conversation; returns its end (last public message or first solve)."""
        p, rng, env = self.p, self.rng, self.env
        self.r = r
        self.num = int(self.task.global_row[r])
        self.cid = f"cnv_{self.num:08d}"
        self.customer_id = f"cus_{int(p['customer'][r]):07d}"
        self.first_name = self.task.first_names[r]
        self.channel = int(p["channel"][r])
        self.platform_sentiment = self.channel in config.PLATFORM_SENTIMENT_CHANNELS
        self.intent_code = int(p["intent"][r])
        spec = config.intent_spec(self.intent_code)
        self.intent_name = None if self.intent_code < 0 else spec.name
        self.intent_key = "unknown" if self.intent_code < 0 else spec.name
        self.intent_label = self.intent_key.replace("_", " ")
        self.mode = int(p["mode"][r])
        self.path = int(p["path"][r])
        self.month = self.month_of(created)
        self.created = created
        self.t = created - US
        self.last_t = created
        self.last_public = created
        self.last_public_author = None
        self.mseq = self.eseq = self.tseq = self.hseq = 0
        self.statuses: list[tuple[int, str]] = []
        self.first_solved: int | None = None
        self.priority = int(p["priority"][r])
        self.agent = int(p["agent"][r])
        self.agent_first = texts.FIRST_NAMES[self.agent % len(texts.FIRST_NAMES)] if self.agent >= 0 else "Sam"
        self.team = env.agent_team[self.agent] if self.agent >= 0 else spec.team
        # the second AI agent (email and voice) answers once it is active
        specialised = len(env.ai_agent_ids) > 1 and self.channel in (config.CH_EMAIL, config.CH_VOICE) \
            and created >= env.ai_agent_from[1]
        self.ai_id = env.ai_agent_ids[1] if specialised else (env.ai_agent_ids[0] if env.ai_agent_ids else None)
        self.kb_ids = env.kb.get(self.intent_key, [])
        self.must = bool(p["must_escalate"][r])
        self.last_customer_tone = "neu"
        self.ai_answer_ids: list[str] = []
        self.monthly["conversations"][self.month] += 1

        # the AI's classification (whenever it is live for the conversation)
        ai_live = env.go_live_us is not None and created >= env.go_live_us
        self.predicted = self._predict_intent()
        subject = self.text(self.pick(texts.SUBJECTS[self.intent_key]))
        opener_tone = "neu"
        if self.path in (PATH_HUMAN, PATH_ESCALATED) and rng.random() < 0.3:
            opener_tone = "neg"
        elif self.path == PATH_FALSE and rng.random() < 0.35:
            opener_tone = "neg"
        must_in_opener = self.must and rng.random() < 0.5
        if must_in_opener:
            opener_tone = "neg"
            body = self.text(self.pick(texts.MUST_ESCALATE))
        else:
            body = self.text(self.pick(texts.OPENERS[self.intent_key][opener_tone]))
        self.opener_tone = opener_tone
        self.must_pending = self.must and not must_in_opener
        self.customer(created, opener_tone, body)
        if self.channel == config.CH_EMAIL and rng.random() < 0.6:
            self.msg(created + 2 * US, "system", None, texts.SYSTEM_ACK)
        if ai_live:
            self.monthly["classified"][self.month] += 1
            conf = self.predict_conf
            self.ai_event(created + int((1 + 2 * rng.random()) * US), "intent_classified", confidence=conf)
        if p["routed"][r]:
            self.ticket(created + US, "assignment", None, self.ai_id, "system")

        if self.path == PATH_HUMAN:
            self._human_path()
        elif self.path == PATH_NO_RESPONSE:
            self.ticket(created + int((5 + 2 * rng.random()) * DAY), "status_change", "open", "closed", "system")
        elif self.path == PATH_ESCALATED:
            self.monthly["ai_involved"][self.month] += 1
            self._escalated_path()
        else:
            self.monthly["ai_involved"][self.month] += 1
            self._ai_path()

        ended = self.last_public if self.first_solved is None else min(self.last_public, self.first_solved)
        self._csat(int(p["csat"][r]))
        if p["qa"][r]:
            self._qa(ended)
        self._conversation_row(subject)
        return ended

    # ------------------------------------------------------------------ pieces
    def _predict_intent(self) -> str | None:
        rng = self.rng
        acc = float(self.env.intent_accuracy[self.month])
        if self.intent_code < 0:
            self.predict_conf = 0.2 + 0.3 * rng.random()
            return None if rng.random() < 0.5 else "other"
        if self.intent_code == config.OTHER:
            self.predict_conf = 0.3 + 0.3 * rng.random()
            return "other" if rng.random() < 0.6 else self.pick(config.INTENT_NAMES)
        if rng.random() < acc:
            self.predict_conf = 0.72 + 0.27 * rng.random()
            return self.intent_name
        self.predict_conf = 0.35 + 0.4 * rng.random()
        wrong = self.pick(config.INTENT_NAMES)
        return wrong if wrong != self.intent_name else "other"

    def _kb(self) -> str | None:
        return self.pick(self.kb_ids) if self.kb_ids else None

    def _ai_answer(self, first: bool, conf: float) -> str:
        rng = self.rng
        lat = self.lognorm(AI_LATENCY[self.channel])
        body = self.text(self.pick(texts.AI_ANSWERS[self.intent_key])) if first else self.pick(texts.AI_FOLLOW_UPS)
        mid = self.msg(self.t + lat, "ai_agent", self.ai_id, body)
        kb = self._kb() if (first or rng.random() < 0.5) else None
        self.ai_event(self.t + US // 2, "answer_sent", mid, conf, kb)
        self.monthly["answers"][self.month] += 1
        if conf < 0.75:
            self.gap(self.t)
        self.ai_answer_ids.append(mid)
        return mid

    def _customer_reply(self, tone: str, body: str | None = None) -> None:
        delay = self.lognorm(CUSTOMER_DELAY[self.channel])
        if body is None:
            body = self.text(self.pick(texts.FOLLOW_UPS_NEU))
        self.customer(self.t + delay, tone, body)

    def _ai_turns(self, n: int, conf_low: float, conf_high: float, first: bool = True) -> None:
        for k in range(n):
            conf = conf_low + (conf_high - conf_low) * self.rng.random()
            self._ai_answer(first and k == 0, conf)
            if k < n - 1:
                self._customer_reply("neu")

    def _action(self, chance: float) -> None:
        action = config.intent_spec(self.intent_code).action if self.intent_code >= 0 else None
        if action and self.rng.random() < chance:
            self.ai_event(self.t + 2 * US, "action_taken", None, 0.8 + 0.19 * self.rng.random(), None, None, action)

    def _feedback(self, helpful_p: float, chance: float) -> None:
        if not self.ai_answer_ids or self.rng.random() >= chance:
            return
        helpful = self.rng.random() < helpful_p
        t = self.t + int((30 + 600 * self.rng.random()) * US)
        if t <= self.end:
            fid = f"fbk_{self.num:08d}_{len(self.ai_answer_ids):02d}"
            self.rows["message_feedback"].append((fid, self.ai_answer_ids[-1], t, helpful))
            if not helpful:
                self.gap(t)

    def _ai_path(self) -> None:
        """Deflected AI conversations: truly resolved or a planned false deflection."""
        rng, p, r = self.rng, self.p, self.r
        false = self.path == PATH_FALSE
        kind = int(p["fd_kind"][r]) if false else -1
        n = self.weighted(_TURN_WEIGHTS)
        if self.must_pending:
            n = max(n, 1)
        lo, hi = (0.45, 0.9) if false else (0.78, 0.99)
        if self.must_pending:
            # the must-escalate phrase comes in the customer's second message; the AI answers anyway
            self._ai_answer(True, lo + (hi - lo) * rng.random())
            self._customer_reply("neg", self.text(self.pick(texts.MUST_ESCALATE)))
            self._ai_turns(n, lo, hi, first=False)
        else:
            self._ai_turns(n + 1, lo, hi)
        self._action(0.35)
        if kind == config.FD_NEG_SENTIMENT or (self.must and false):
            self._customer_reply("neg", self.pick(texts.NEG_END))
            if rng.random() < 0.6:
                self.msg(self.t + self.lognorm(AI_LATENCY[self.channel]), "ai_agent", self.ai_id, self.pick(texts.AI_SORRY))
            solved = self.t + DAY + int(rng.random() * HOUR)
            self.ticket(solved, "status_change", "open", "solved", "system")
            self._feedback(0.1, 0.2)
        else:
            # the customer thanks the AI, or goes silent (abandonment); silent needs a calm opener
            thanks = kind != config.FD_LOW_CSAT and (rng.random() < 0.72 or self.opener_tone == "neg")
            if thanks:
                if rng.random() < 0.3:
                    self.msg(self.t + self.lognorm(AI_LATENCY[self.channel]), "ai_agent", self.ai_id, self.pick(texts.AI_CHECK))
                self._customer_reply("pos", self.pick(texts.THANKS_POS))
                if not false and rng.random() < 0.8:
                    self.ai_event(self.t + 2 * US, "resolution_confirmed", None, 0.9 + 0.09 * rng.random())
                if rng.random() < 0.4:
                    self.msg(self.t + self.lognorm(AI_LATENCY[self.channel]), "ai_agent", self.ai_id, self.pick(texts.AI_CLOSINGS))
                solved = self.t + int((30 + 240 * rng.random()) * US)
                self.ticket(solved, "status_change", "open", "solved", "ai_agent")
            else:
                solved = self.t + DAY + int(rng.random() * HOUR)
                self.ticket(solved, "status_change", "open", "solved", "system")
            self._feedback(0.3 if false else 0.93, 0.12)
            if kind == config.FD_REOPEN:
                self._reopen_by_customer(solved, within_window=True, ai=True)
                solved = self.first_solved or solved
        self._close_later()

    def _reopen_by_customer(self, solved: int, within_window: bool, ai: bool) -> None:
        """The customer reopens (within the 48 h window, or days later) and gets another reply."""
        rng = self.rng
        ended = min(self.last_public, solved)
        if within_window:
            latest = ended + 46 * HOUR
            reopen = solved + int(0.5 * HOUR) + int(rng.random() * max(HOUR, latest - solved - int(0.5 * HOUR)))
            reopen = min(reopen, latest)
        else:
            reopen = solved + int((3 + 6 * rng.random()) * DAY)
        before = "closed" if reopen > solved + 4 * DAY else "solved"
        if before == "closed":
            self.ticket(solved + 4 * DAY, "status_change", "solved", "closed", "system")
        self.ticket(reopen, "status_change", before, "open", "customer")
        self.t = max(self.t, reopen)
        self.customer(reopen + 5 * US, "neu", self.pick(texts.REOPEN_NEU))
        if ai:
            self._ai_answer(False, 0.6 + 0.3 * rng.random())
            self.ticket(self.t + DAY, "status_change", "open", "solved", "system")
        else:
            self._human_reply(self.agent, 0.4, self.pick(texts.HUMAN_FOLLOW_UPS))
            self.ticket(self.t + int(120 * US), "status_change", "open", "solved", "human_agent")

    def _close_later(self) -> None:
        """The system closes a solved conversation four days after its last solve."""
        solves = [t for t, status in self.statuses if status == "solved"]
        if solves:
            self.ticket(max(solves) + 4 * DAY + int(self.rng.random() * HOUR), "status_change", "solved", "closed", "system")

    # ------------------------------------------------------------------ humans
    def _aht_seconds(self) -> float:
        spec = config.intent_spec(self.intent_code)
        return spec.aht_minutes * 60.0 * config.CHANNEL_HANDLE_MULT[self.channel] * self.rng.lognormvariate(0.0, 0.35)

    def _human_reply(self, agent: int, work_share: float, body: str, wait: int = 0,
                     draft: str | None = None) -> str:
        """A public human reply after `wait` plus the agent's work; logs the work session."""
        work = int(self.aht * work_share * US)
        start = self.t + wait + int(5 * US)
        reply = start + max(work, 20 * US)
        mid = self.msg(reply, "human_agent", self.env.agent_ids[agent], body)
        if draft is not None:
            # the draft the agent saw while working; a discarded draft is linked to no message
            linked = None if draft == "discarded" else mid
            self.ai_event(start + 3 * US, "draft_suggested", linked, 0.6 + 0.39 * self.rng.random(), self._kb(), draft)
            self.monthly["drafts"][self.month] += 1
        self.session(agent, start, min(reply + int((5 + 40 * self.rng.random()) * US), self.t + 60 * US))
        return mid

    def _draft_outcome(self) -> str:
        acc = float(self.env.draft_accuracy[self.month])
        u = self.rng.random()
        if u < acc:
            return "sent_as_is"
        rest = (u - acc) / max(1e-9, 1 - acc)
        return "edited" if rest < 0.5 else ("rewritten" if rest < 0.8 else "discarded")

    def _assign(self, t: int, before: str | None, agent: int, actor: str) -> None:
        self.ticket(t, "assignment", before, self.env.agent_ids[agent], actor)

    def _maybe_reassign(self, chance: float) -> int:
        if self.rng.random() >= chance:
            return self.agent
        m = self.month
        teams = config.HUMAN_TEAMS
        t = self.rng.randrange(len(teams))
        pool = self.env.roster.get((m, t)) or [self.agent]
        new = self.pick(pool)
        if new == self.agent:
            return self.agent
        self._assign(self.t + 30 * US, self.env.agent_ids[self.agent], new, "human_agent")
        self.agent = new
        self.team = self.env.agent_team[new]
        return new

    def _human_path(self) -> None:
        """Human-only: the AI (when live) classifies, may draft, may leave an internal note."""
        rng = self.rng
        if self.agent < 0:
            return
        self.aht = self._aht_seconds()
        if self.mode in (MODE_SHADOW, MODE_DRAFT) and rng.random() < 0.15:
            self.msg(self.created + 8 * US, "ai_agent", self.ai_id, self.text(self.pick(texts.AI_INTERNAL)), public=False)
        if self.mode >= MODE_SHADOW and rng.random() < 0.05:
            self.ai_event(self.created + 10 * US, "signal_surfaced", None, 0.5 + 0.4 * rng.random())
        draft = None
        if self.mode >= MODE_DRAFT:
            outcome = self._draft_outcome()
            self.aht *= {"sent_as_is": 0.62, "edited": 0.78, "rewritten": 0.95, "discarded": 1.05}[outcome]
            draft = outcome
        n = self.weighted(_HUMAN_REPLY_WEIGHTS) + 1
        wait = self.human_wait(self.t)
        self._assign(self.t + wait, None, self.agent, "system")
        if draft == "sent_as_is":
            first_body = self.text(self.pick(texts.AI_ANSWERS[self.intent_key]))
        elif n == 1:
            first_body = self.text(self.pick(texts.HUMAN_RESOLVE[self.intent_key]))
        else:
            first_body = self.text(self.pick(texts.HUMAN_FIRST))
        if rng.random() < 0.05:
            before = config.PRIORITIES[self.priority]
            self.priority = min(3, self.priority + 1)
            self.ticket(self.t + wait, "priority_change", before, config.PRIORITIES[self.priority], "human_agent")
        share = 0.08 if self.channel == config.CH_VOICE else (0.45 if n > 1 else 0.8)
        self._human_reply(self.agent, share, first_body, wait, draft)
        self._human_conversation(n)

    def _human_conversation(self, n: int) -> None:
        """Replies 2..n of a human-handled thread, then the close."""
        rng = self.rng
        agent = self._maybe_reassign(0.07 if self.stage < 3 else 0.05)
        for k in range(1, n):
            tone = "neg" if rng.random() < 0.12 else "neu"
            body = self.pick(texts.NEG_TURN) if tone == "neg" else None
            if self.must_pending and k == 1:
                tone, body, self.must_pending = "neg", self.text(self.pick(texts.MUST_ESCALATE)), False
            waiting = self.channel in (config.CH_EMAIL, config.CH_WEB)
            if waiting:  # asynchronous threads wait on the customer
                self.ticket(self.t + 30 * US, "status_change", "open", "pending", "human_agent")
            self._customer_reply(tone, body)
            if waiting:
                self.ticket(self.t + US, "status_change", "pending", "open", "customer")
            last = k == n - 1
            reply_body = self.text(self.pick(texts.HUMAN_RESOLVE[self.intent_key])) if last else self.pick(texts.HUMAN_FOLLOW_UPS)
            self._human_reply(agent, 0.45 / max(1, n - 1), reply_body, self.lognorm(HUMAN_WAIT[self.channel]) // 6)
        u = rng.random()
        if u < 0.5:
            self._customer_reply("pos", self.pick(texts.HUMAN_CLOSE_POS))
            if rng.random() < 0.3:
                self._human_reply(agent, 0.03, self.text(self.pick(texts.HUMAN_CLOSINGS)))
        elif u < 0.6:
            self._customer_reply("neg", self.pick(texts.NEG_END))
        wrap = self.aht * 0.1
        if wrap > 20:
            start = self.t + int((10 + 50 * rng.random()) * US)
            self.session(agent, start, start + int(wrap * US))
        solved = self.t + int((60 + 600 * rng.random()) * US)
        self.ticket(solved, "status_change", "open", "solved", "human_agent")
        v = rng.random()
        if v < 0.04:
            self._reopen_by_customer(solved, within_window=True, ai=False)
        elif v < 0.06:
            self._reopen_by_customer(solved, within_window=False, ai=False)
        self._close_later()

    def _escalated_path(self) -> None:
        """AI first, then a handoff (explicit or implicit) and a human thread."""
        rng, env, p, r = self.rng, self.env, self.p, self.r
        kind = int(p["esc_kind"][r])
        trigger = config.ESC_TRIGGERS[kind] if kind < len(config.ESC_TRIGGERS) else None
        n = 1 + (rng.random() < 0.35)
        lo, hi = (0.25, 0.6) if trigger == "low_confidence" else (0.55, 0.9)
        if trigger == "policy_rule" and not self.must_pending:
            n = 0  # the opener carried the phrase: the AI hands off right away
        self._ai_turns(n, lo, hi)
        self._feedback(0.15, 0.1)
        if trigger == "customer_request":
            self._customer_reply("neu", self.pick(texts.ASK_HUMAN_NEU))
        elif trigger == "negative_sentiment":
            self._customer_reply("neg", self.pick(texts.NEG_TURN))
        elif trigger == "policy_rule" and self.must_pending:
            self._customer_reply("neg", self.text(self.pick(texts.MUST_ESCALATE)))
            self.must_pending = False
        elif trigger == "timeout":
            self._customer_reply("neu")
        conf = lo + (hi - lo) * rng.random()
        self.aht = self._aht_seconds()
        agent = self.agent if self.agent >= 0 else None
        implicit = trigger is None
        context = False
        no_reply = False
        if not implicit:
            u = rng.random()
            no_reply = u < 0.06
            double = 0.06 <= u < 0.12
            self.msg(self.t + self.lognorm(AI_LATENCY[self.channel]), "ai_agent", self.ai_id, self.pick(texts.AI_HANDOFF))
            context = rng.random() < float(env.context_summary[self.month])
            self._handoff(self.t + US, trigger, conf, context, agent)
            if trigger == "low_confidence":
                self.gap(self.t)
            if double and not no_reply:
                self._customer_reply("neu", "Is anyone there? Still waiting.")
                self.msg(self.t + 3 * US, "ai_agent", self.ai_id, "Sorry for the wait, I'm escalating again.")
                self._handoff(self.t + US, "timeout", conf * 0.9, context, agent)
            if agent is not None:
                self._assign(self.t + 2 * US, self.ai_id, agent, "ai_agent")
        if no_reply or agent is None:
            self.ticket(self.t + 3 * DAY, "status_change", "open", "closed", "system")
            return
        self.aht *= 0.85 if context else 1.05
        repeat_p = 0.08 if context else (0.3 if implicit else 0.4)
        if rng.random() < repeat_p:
            body = self.text(self.pick(texts.HUMAN_REPEAT))
        else:
            body = self.text(self.pick(texts.HUMAN_FIRST_AFTER_HANDOFF))
        if implicit:
            self._assign(self.t + 10 * US, self.ai_id, agent, "human_agent")
        self._human_reply(agent, 0.45, body, self.human_wait(self.t))
        self._human_conversation(2 + (rng.random() < 0.4))

    def _handoff(self, t: int, trigger: str, conf: float, context: bool, agent: int | None) -> None:
        self.hseq += 1
        if t > self.end:
            return
        to_agent = self.env.agent_ids[agent] if (agent is not None and self.rng.random() > 0.12) else None
        summary = self.text(self.pick(texts.HANDOFF_SUMMARY)) if context else None
        self.rows["handoffs"].append((
            f"hof_{self.num:08d}_{self.hseq}", self.cid, t, trigger, self.team, to_agent, round(conf, 4), summary,
        ))

    # ------------------------------------------------------------------ CSAT, QA, row
    def _csat(self, score: int) -> None:
        if score <= 0 or self.first_solved is None:
            return
        rng = self.rng
        t = self.first_solved + int((0.5 + 30 * rng.random()) * HOUR)
        if t > self.end:
            return
        comment = self.pick(texts.CSAT_COMMENTS[score]) if rng.random() < 0.5 else None
        self.rows["csat_responses"].append((f"csr_{self.num:08d}_1", self.cid, t, score, comment))
        if rng.random() < 0.004:
            again = t + int((1 + 48 * rng.random()) * HOUR)
            if again <= self.end:
                self.rows["csat_responses"].append((f"csr_{self.num:08d}_2", self.cid, again, score, None))

    def _qa(self, ended: int) -> None:
        rng, env = self.rng, self.env
        t = ended + int((1 + 11 * rng.random()) * DAY)
        if t > self.end:
            return
        path = self.path
        hi = lambda: 4 + (rng.random() < 0.6)  # noqa: E731
        mid = lambda: 3 + (rng.random() < 0.5)  # noqa: E731
        low = lambda: 2 + (rng.random() < 0.5)  # noqa: E731
        critical = False
        if path == PATH_RESOLVED:
            scores, assessment = (hi(), hi(), hi()), "not_applicable"
        elif path == PATH_FALSE:
            scores = (low(), mid(), mid())
            missed = self.must or rng.random() < env.preset.missed_escalation
            assessment = "missed" if missed else "not_applicable"
            recent = self.created > self.end - 45 * DAY or t > self.end - 30 * DAY
            critical = rng.random() < env.preset.critical_error_rate * 3 and not (self.stage >= 5 and recent)
        elif path == PATH_ESCALATED:
            scores = (mid(), mid(), hi())
            assessment = "unnecessary" if rng.random() < env.preset.unnecessary_escalation else "appropriate"
        else:
            scores, assessment = (hi(), mid(), hi()), "not_applicable"
        labelled = self.intent_name if self.intent_code >= 0 else ("other" if rng.random() < 0.5 else None)
        if labelled and rng.random() < 0.02:
            labelled = self.pick(config.INTENT_NAMES)
        self.rows["qa_reviews"].append((
            f"qar_{self.num:08d}", self.cid, t, self.pick(env.qa_ids), int(scores[0]), int(scores[1]),
            int(scores[2]), labelled, assessment, critical,
        ))

    def _conversation_row(self, subject: str) -> None:
        status = "open"
        for t, s in self.statuses:
            if t <= self.end:
                status = s
        if status == "open" and self.last_public_author == "human_agent" and self.last_public <= self.end:
            status = "pending"
        if self.path in (PATH_RESOLVED, PATH_FALSE):
            team = config.AI_TEAM
        elif self.path == PATH_NO_RESPONSE:
            team = None
        else:
            team = self.team
        self.rows["conversations"].append((
            self.cid, self.customer_id, config.CHANNELS[self.channel], self.created, subject,
            config.PRIORITIES[self.priority], self.intent_name, status, team, min(self.last_t, self.end),
        ))
