"""Fixed English the coder reads a reply by: word lists and patterns that do not depend on a rubric.

The rubric YAML holds what a trainer may tune (phrases, fillers, question words, reflective frames);
these are the grammar around them, compiled once. Each says what it matches and why the coder
needs it; the coder (simulator/rubric/coder.py) decides what the matches mean.
"""
from __future__ import annotations

# Each is led by a lookahead for the letters its matches can start with (same matches): most
# are searched through a sentence, and one led by \b is otherwise tried at every character.
from simulator.rubric.patterns import compile_scan


# -- Sentence shape and speech: where words start, false starts, clause breaks ----------------------

#: Any letter in any script: a sentence without one ("...", "?") asks and says nothing.
LETTER = compile_scan(r"[^\W\d_]")
#: One lower-case word: the first word after a filler, to tell praise ("great") from a filler.
FIRST_WORD = compile_scan(r"[a-z']+")
#: A false start the speaker repeats: "i-it", "you-you'd", "wha-what" (the word restarts), or
#: two words said again ("can you- can you tell me").
STUTTER = compile_scan(r"((?:[a-z']{1,8} )?[a-z']{1,8})-+\s*(?=\1)")
#: A turn that opens with a dash carries on the coach's own cut-off sentence ("you can- -try to").
CONTINUES = compile_scan(r"\s*-")
#: "so" as a word: a sentence led by it says back what was heard ("so you...").
SO = compile_scan(r"\bso\b")
#: Discourse markers after which, in speech without punctuation, a new sentence may start.
DISCOURSE = frozenset({"okay", "ok", "so", "and", "but", "um", "umm", "uh", "er", "erm", "well", "right",
                       "alright", "yeah", "yes", "now", "then", "hmm", "mm", "hey", "anyway"})
#: Where a list breaks (comma, "and", semicolon): a so-led sentence with several gathers a summary.
LIST_BREAK = compile_scan(r",|\band\b|;")
#: A sentence that opens with a condition; an instruction may start the clause after its comma.
CONDITION = compile_scan(r"(?:if|when|whenever|once|before|after|next time|if ever)\b")

# -- Questions: what makes a run of words ask, and what keeps a question word inside a statement ----

#: Words after which a question word continues the sentence instead of starting a new one.
BINDING = ("that's", "thats", "is", "was", "know", "knows", "see", "wonder", "wondering", "ask",
           "asked", "about", "of", "exactly", "sure", "tell", "told", "understand", "remember",
           "decide", "matter", "like", "if", "whether", "than", "as", "to", "i",
           "what's", "idea", "out", "on", "in", "at", "for", "with", "by",
           # verbs whose object is a wh-clause: "i think what's happened is...", in every tense:
           # "nobody has believed how much it hurts"
           "think", "guess", "suppose", "reckon", "believe", "mean", "say", "said", "realise", "realize",
           "thought", "guessed", "believed", "believes", "says", "tells", "knew", "known", "saw", "seen",
           "sees", "wondered", "realised", "realized", "understood", "remembered", "decided", "notice",
           "noticed", "imagine", "imagined", "explain", "explained", "show", "shows",
           "showed", "forget", "forgot", "forgotten")
#: Words of curiosity after which an inverted "have you / do you..." starts the question itself
#: ("I'm wondering have you noticed..."), where "I'm wondering what..." runs on as one.
WONDERING = frozenset({"wondering", "wonder", "curious", "ask", "question"})
#: Curiosity voiced with nothing after it: the preface of the question that follows.
BARE_PREFACE = compile_scan(r"(?:i'?m |i am |i was )?(?:just |also |really )?(?:curious|wondering|wonder)\W*")
#: The coach voicing curiosity about the person's view: "I'm wondering how...", "I wanted to ask
#: you what...", "I wonder if you could tell me...".
INDIRECT = compile_scan(
    r"\bi(?:'?m| am| was)?\s+(?:just\s+|also\s+|sort of\s+|kind of\s+|really\s+)?"
    r"(?:wonder(?:ing|ed)?|curious|want(?:ed)? to (?:simply |just )?ask(?: you)?|"
    r"(?:would|'d) (?:like|love) to (?:ask(?: you)?|know|hear))"
    r"[\s,]+(?:about\s+)?(?:what|how|why|where|who|if you (?:can|could) tell)\b")
#: A question word left at the end of a statement ("...for how long", "...and that was when").
IN_SITU = compile_scan(r"\b(?:for|since|and|or|about|at|by|until|till)\s+(?:how (?:long|many|much|often)|when|what time|"
                     r"how old)\s*[?]?$")
#: A closed question trailing off with "or..." ("or something?"): the answer is left open.
OPEN_TAIL = compile_scan(r"\bor(?: something| anything| whatever| what)?\W*$")
#: Words after "how" that ask even without a question mark: "how important is it to you".
HOW_ASKS = frozenset({"come", "important", "confident", "ready", "difficult", "hard", "easy",
                      "likely", "things"})
#: A question word run into its verb ("what's", "how's", "how'd"): mid-run it starts a question
#: unless the word before takes it as an object ("i know what's wrong", "that's what's hard").
CONTRACTED_WH = frozenset({"what's", "whats", "how's", "hows", "where's", "wheres",
                           "how'd", "what'd", "where'd", "why'd"})
#: A question put on a scale or asking for a number (AnnoMI codebook: a question that asks for a
#: number is closed, however it starts): "on a scale of 0 to 10, how important...?".
SCALE = compile_scan(r"\b(?:on (?:a|the|that|this) scale|scale (?:of|from)|(?:zero|0|one|1) to (?:ten|10|100)|"
                   r"out of (?:ten|10|100)|what number|which number|pick a number)\b")
#: Asking where the person rates themselves, once a scale has been set out earlier in the reply
#: ("...where 10 is very ready. Where would you put yourself?").
RATING_ASK = compile_scan(r"\bhow (?:important|confident|ready|willing|motivated|serious|interested|committed|sure)\b|"
                        r"\bwhere (?:would|do|does|are) (?:you|your|it|that)\b")
#: Question words that also join a relative clause to a noun ("people who are...", "the day
#: when it was..."): mid-run they start a question only inverted ("where are you...").
RELATIVE_WH = frozenset({"who", "which", "whose", "whom", "where", "when"})
#: Words after a sentence-initial "which" that carry on a statement ("which means...").
RELATIVE_GOES_ON = frozenset({"means", "meant", "makes", "made", "sounds", "seems", "brings",
                              "leads", "led", "gives", "gave", "shows", "tells", "takes", "took"})
#: Words after a question word that make it the start of a clause, not a question.
CLAUSE_SUBJECTS = frozenset({"i", "i'm", "im", "i've", "i'd", "you", "you're", "you've", "you'd", "we",
                             "we're", "they", "they're", "he", "she", "it", "it's", "a", "an", "that",
                             "that's", "this", "to", "the", "my", "your", "our", "their", "his", "her",
                             "people", "someone", "somebody", "everyone", "there"})
#: Whose name a "what" question asks for: one fact ("your partner's name", "the name of").
NAME = compile_scan(r"(?:'s|\b(?:your|his|her|their|its|the)) names?\b")

# -- Reflection: frames that say back, feelings guessed, meaning added, and whose words they are ----

#: Frames that announce a reflection wherever they stand in the sentence.
STRONG_FRAME = compile_scan(r"\b(?:sounds?|seems?|hearing|sense|picking up|feels like|looks like|part of you|one hand)\b")
#: Adverbs that may sit between "you" and the verb of a reflective frame ("you really feel").
FRAME_ADVERBS = (r"(?:really|just|kind of|sort of|kinda|sorta|also|still|actually|probably|definitely|"
                 r"both|all|even|almost|perhaps|maybe|do|genuinely|clearly|obviously|certainly)")
#: A statement that says the person's own plan back to them: "your plan is...", "you've decided...".
SAYS_BACK = compile_scan(r"(?:you|your|it sounds|sounds like|it seems|what i'?m hearing|i'?m hearing)\b")
#: Starts that usually describe the world (information), but after "so" and with "you" later
#: say back the person's situation: "So the doctor booked it and you're here".
WORLD_STARTS = frozenset({"there are", "there is", "there's", "the doctor", "doctors", "your doctor",
                          "your gp", "people", "everyone", "everybody", "other people"})
#: The coach's guess at how something felt ("the cough sounds mortifying", "that must have been
#: lonely"): a reflection of feeling, even about a thing rather than the person (MITI: complex).
#: Agreement and praise ("sounds good", "seems fair") and comparisons ("sounds like") are not.
FEELING_GUESS = compile_scan(
    r"\b(?:must feel|must have felt|must've felt) like\b|"  # "it must feel like there's no end to it"
    # "that sounds exhausting", "the mornings sound hard" (a plural subject takes "sound")
    r"\b(?:sounds|sounded|sound|seems|seemed|seem|must(?: have|'ve) been|must feel|must have felt)\s+"
    r"(?:(?:really|so|pretty|quite|very|absolutely|a bit|a little|rather|utterly|completely|"
    r"incredibly|awfully|totally)\s+)*"
    r"(?!(?:like|as|to|that|a|an|the|about|good|great|fine|ok|okay|right|fair|lovely|brilliant|"
    r"interesting|reasonable|sensible|perfect|excellent|wonderful|amazing|fantastic|nice|cool|"
    r"ideal|useful|helpful|important)\b)[a-z]")
#: The feeling word a "feel" frame names ("you feel really tired"): a formula's only content.
FEELING_NAMED = compile_scan(r"\b(?:feel|feels|feeling|felt)(?: (?:really|so|quite|very|a bit|a little|pretty|kind of|"
                           r"sort of|rather|totally|completely))* [a-z']+")
#: A feeling guessed in the person, with "you" as its object: "her silence worries you".
FELT_BY_YOU = compile_scan(
    r"\b(?:worries|worried|scares|scared|frightens|frightened|bothers|bothered|upsets|upset|annoys|annoyed|"
    r"frustrates|frustrated|hurts|hurt|matters(?: so much| a lot)? to|means(?: a lot| so much)? to|gets to|shook|"
    r"shaken|rattled|troubles|saddens|angers|excites|pleases|stresses|stressed|wears|weighs on|"
    r"gets on top of|is hard for|is difficult for|has been hard for|has been difficult for)"
    r"(?: (?:really|so|quite|a bit|a lot|deeply))? you\b")
#: Shapes that add meaning to what was heard (MITI 4.2.1 complex reflection: a reframe, the
#: meaning underneath, a comparison, the next sentence).
REFRAME = compile_scan(r"\b(?:less about|not so much about|more about what|it's not so much|it's not that|it's more that|"
                     r"deep down|underneath|which means|that means|so that|in order to|not just about|"
                     r"something(?:'s| has)? (?:shifted|changed)|left over for you|who you are|what matters|"
                     r"what's important|as if|as though|almost like|kind of like|sort of like|even though|although|"
                     r"and yet|because|on the other hand|part of you|more than (?:anyone|anybody|people|others|most people|you let on|you've said|you say|you show))\b"
                     # a value named as the person's (TIP 35, reflecting values): "your grandchildren
                     # matter so much to you", "being independent is important to you"
                     r"|\b(?:matters?|mattered|means?|meant)(?: (?:so|really|a lot|so much|a great deal|everything|"
                     r"the world|more than anything|most|hugely|deeply))* to you\b"
                     r"|\b(?:is|are|was|were|'s|'re)(?: (?:really|so|very|clearly|hugely|deeply|incredibly|still))*"
                     r" (?:important|precious|special|dear) to you\b|\bcomes? first for you\b")
#: The person's own past, said back to them: "you've tried", "you were", "you gave it a go".
RECALLED = compile_scan(r"\byou(?:'ve| have| had|'d)(?: (?:really|just|already|actually|also|perhaps|never|always|"
                      r"both|all|been|kind of|sort of)){0,2} [a-z]+(?:ed|en|t|wn|ne|ng)\b|\byou (?:were|was|did|went|"
                      r"gave|got|had|made|came|took|felt|found|thought|said|told|kept|tried|stopped|started|"
                      r"quit|managed|decided|lost|left|used|needed|wanted|knew)\b")
#: What the person is doing now, said back: "you're keeping the door open", "you're still
#: feeling it". Only the coach's description of them; a plan ("you're going to") is not.
DOING = compile_scan(r"\byou(?:'re| are)(?: (?:still|really|just|already|now|actually|also|kind of|sort of)){0,2} "
                   r"(?!going\b|gonna\b|getting\b|being\b)[a-z]+ing\b")
#: Excess, risk or harm in what the person is said to be doing: "you're drinking too much",
#: "you're putting your health at risk" warn or judge; they say nothing back.
HARMFUL = compile_scan(r"\b(?:too (?:much|many|often|far|long)|at risk|in danger|damag(?:e|es|ed|ing)|"
                     r"harm(?:s|ed|ing|ful)?|wast(?:e|es|ed|ing)|kill(?:s|ed|ing)?|ruin(?:s|ed|ing)?|"
                     r"destroy(?:s|ed|ing)?|dig(?:ging)? yourself)\b")
#: A prediction, obligation or condition about the person: the coach's view, not what was heard.
AHEAD = compile_scan(r"\byou(?:'ll| will|'re going to|'re gonna| are going to| should| must| need to|"
                   r" have to|'ve got to| ought to)\b|\bif you\b")
#: The coach or "we" as subject: a sentence about them says nothing back about the person.
FIRST_PERSON = compile_scan(r"\b(?:i|i'm|im|i've|i'd|i'll|me|my|we|we're|we'll|we've|us|our|let's)\b")
#: The coach or "we" as the subject, after at most one short lead-in ("technically, we define...",
#: "first of all, I..."): the coach speaks of themselves, which says nothing back about the person.
COACH_SUBJECT = compile_scan(r"(?:[a-z]+(?: [a-z]+){0,3},? )?(?:i|i'm|i've|i'd|i'll|we|we're|we'll|we've|we'd|let's)\b")
#: After a reflective frame, what the coach or "we" must or will do next ("it sounds like we
#: need to talk more", "sounds like I should explain"): a plan of the coach's, nothing said back.
COACH_PLAN = compile_scan(r"(?: that)? (?:i|we)(?:'ll| will|'d better| had better| need to| should| could| might| can|"
                          r" have to| ought to| must|'re going to| are going to|'re gonna| are gonna)\b")
#: A third party as a sentence's subject ("they work on...", "the clinic runs...", "most people
#: find..."): what it says is about them, even where "your" comes later ("...your life back").
THIRD_SUBJECT = compile_scan(r"(?:they|they're|they've|they'll|people|most people|some people|many people|"
                             r"a lot of people|lots of people|others|research|studies|the evidence|"
                             r"the (?:clinic|service|team|group|course|programme|program|class|classes|nurses?|"
                             r"doctors?|gp|pharmacist|physio|app|tablets?|medication|medicine|patches|gum|"
                             r"leaflet|website|helpline))\b")
#: A statement about the coach or "us" is not a reflection of the person.
SECOND_PERSON = compile_scan(r"\byou|\byour")
#: The coach's "you" words as the person said them about themselves.
AS_SAID = {"you": "i", "you're": "i'm", "youre": "im", "you've": "i've", "you'll": "i'll", "you'd": "i'd",
           "your": "my", "yours": "mine", "yourself": "myself"}
#: A slip or a thing not done in the person's words: what turns "oh great" into sarcasm.
SETBACK = compile_scan(
    r"\b(?:forgot|forget|forgotten|missed|skipped|slipped|lapsed|relapsed|failed|caved|binge|binged|bingeing|gave up|"
    r"given up|fell off|back on (?:the|them|it)|started again|(?:did ?n[o']?t|have ?n[o']?t|had ?n[o']?t)\s+"
    r"(?:been\s+)?(?:take|taken|taking|do|done|doing|go|gone|going|manage|managed|bother|bothered|walk|"
    r"walked|walking|try|tried|get|got|stick|stuck|cut|quit)|could ?n[o']?t (?:be bothered|face|manage|stop)|"
    r"can'?t be bothered)\b")

# -- Information and advice: claims about the world, options, and what keeps a directive from advising ---

#: Words of a general fact (numbers, people, the body, medicines, services): a statement about the world informs.
GENERIC = compile_scan(r"\b(?:\d+|people|most|many|everyone|anyone|research|studies|can|will|causes?|raises?|"
                     r"lowers?|increases?|reduces?|risks?|body|blood|heart|liver|lungs?|sugars?|alcohol|"
                     r"smoking|nicotine|medications?|medicines?|tablets?|units?|calories|exercise|doctors?|"
                     r"nurses?|clinic|service|group|appointments?)\b")
#: What a general claim about the world says: what things can do, cause or risk.
CLAIM = compile_scan(r"\b(?:can|may|might|will|tends? to|causes?|damages?|raises?|lowers?|increases?|"
                   r"reduces?|leads? to|risks?|people|most|research|studies|evidence|good for|bad for)\b")
#: A statement that offers something the person could do (after they agreed to hear ideas):
#: what someone can do ("they can combine a patch..."), or what helps or is worth trying. A
#: thing that "can raise the risk" is a fact about the world, not an option.
OPTION = compile_scan(r"\b(?:(?:you|they|people|we|others|folks|someone|somebody|some) (?:can|could|might|may)|"
                    r"try|trying|option|options|helps?|helped|works?|worked|worth)\b")
#: Someone else's words reported ("the doctor said you should", "your wife thinks you ought
#: to"): the advice is theirs, not the coach's. The coach's own "I said you should" still advises.
REPORTED = compile_scan(r"(?<!\bi )(?<!\bi've )(?<!\bwe )(?<!n't you )(?<!nt you )\b(?:said|says|told|tells|thinks|thought|reckons|reckoned|"
                      r"believes|believed|feels|felt|heard|read|knew|know|decided|agreed|wants|wanted|"
                      r"think|feel|reckon|believe|wonder|guess)"
                      r"(?:\s+(?:that|me|him|her|them|us))?\s+(?:that\s+)?(?:you|we)\b[^.?!,;]{0,24}\Z")
#: The person's own fear or thought just before a warning ("you're frightened you'll end up in
#: hospital", "part of you worries it'll kill you"): the coach says back what the person
#: fears, which warns of nothing.
FEARED = compile_scan(r"\b(?:you(?:'re| are| were|'ve been| have been)?|of you)(?: (?:really|so|a bit|quite|very|still|also|just))?"
                    r" (?:frightened|scared|afraid|worried|terrified|anxious|fear|fears|worry|worries|dread|dreading|"
                    r"think|thinking|wonder|wondering|feel like|picture|imagine)(?: that)?(?: [a-z']+){0,2}\s+\Z")
#: A label or verdict the coach denies ("I don't think you're lazy at all", "you're not a
#: failure", "that's not stupid"): reassurance, which judges nothing.
DENIED = compile_scan(r"\b(?:(?:i )?(?:don't|do not|never) (?:think|believe|see|say|mean|call)(?: that)?(?: you(?:'re| are)?| it's| that's| this is)?"
                    r"|(?:you're|you are|it's|it is|that's|that is)(?: not| never)|(?:it|that) isn't|you aren't)"
                    r"(?: (?:just|so|really|at all|that|remotely|in any way|being|a|an))*\s+\Z")
#: The person's turn ends by asking the coach something ("What kind of problems?", "Does it
#: really work?"): a statement that answers it informs, whatever words it shares with them.
PERSON_ASKS = compile_scan(r"(?:\A|[.!?]\s+)(?:(?:so|and|but|well|um|uh|okay|oh|then),?\s+)*(?:what|how|why|where|when|"
                           r"which|who|is|are|was|were|does|do|did|can|could|should|would|will|has|have|shall)\b"
                           r"[^.!?]*\?[\s\"']*\Z")
#: The rest of a word from inside it.
WORD_END = compile_scan(r"[a-z'-]*")
#: Question words with "is" run into them, typed without the apostrophe.
WH_IS = frozenset({"whats", "hows", "wheres", "whos", "whens", "whys"})
#: Words that put a "have you tried...?" in the person's past ("...before?", "...in the
#: past?"): a question about what they have done, not a fix offered.
IN_THE_PAST = compile_scan(r"\b(?:before|in the past|previously|already|at any point|at all)\b")
#: A case supposed just before the words ("if you don't care for the tablets", "even if you
#: can't be bothered some days"): it charges the person with nothing.
SUPPOSED = compile_scan(r"\b(?:if|unless|whether|in case|suppose|supposing)\s+\Z")
#: What follows an advice frame when it invites the person to talk ("why don't you tell me").
INVITES = compile_scan(r"(?:tell (?:me|us)|talk (?:to me|to us|with me|me through|about)|say (?:more|a bit|a little)|"
                     r"describe|share (?:with me|more|a bit|what|how)|explain (?:to me|what|how)|walk me|fill me|"
                     r"let me know|help me understand|give me an example|think about what|chat|start by telling)\b")
#: Words after which "you could / might" sits inside a clause (a condition, a doubt, a relative
#: clause, reported thought) rather than suggesting. The coach's own "I think you could..." is
#: their stance on what to do (the issue's "I think you..."), so "think" after "i" suggests.
IN_A_CLAUSE = compile_scan(r"\b(?:do|if|when|what|(?<!\bi )think|feel|like|say|said|that|how|where|worried|things|something|"
                         r"anything|which|who|ways?|ones?|thing|whether|wish|hope|glad|unless|once|before|after|"
                         r"so|sure|doubt|believe|confident|afraid|scared|know|wonder if|reckon|imagine|see how)\s+\Z")
#: A choice named just before "you have to / you've got to": the choice is the person's to make
#: ("call" is left out: "the call you need to make" is as often a phone call).
CHOICE_BEFORE = compile_scan(r"\b(?:decision|decisions|choice|choices)\s+(?:that\s+)?(?:only\s+)?(?:you[\s-]+)?\Z")
#: "to" just before a phrase: the phrase is an infinitive ("to make sure you"), not an imperative.
TO_BEFORE = compile_scan(r"(?<![\w'])to[\s-]+\Z")

# -- Goal: what a scaling question rates, and a goodbye that names the next meeting -----------------

#: What a scaling question rates when it elicits a goal: importance, confidence, readiness.
MOTIVE = compile_scan(r"\b(?:important|importance|confident|confidence|ready|readiness|willing|"
                    r"motivated|motivation|committed|commitment|keen|likely|determined|want|"
                    r"sure|prepared|able)\b")
#: A goodbye that names when the coach and the person meet again ("see you next week",
#: "I look forward to talking next time").
FAREWELL = compile_scan(r"\b(?:see|talk to|speak to|catch) you\s+(?:next|then|again|soon|tomorrow|later|in|on|at)\b"
                      r"|\blook(?:ing)? forward to (?:seeing|talking|speaking)\b")
