"""Made-up statements and theme write-ups for the withus demo.

Every statement here is made up; none comes from a real person, service or
member of staff. They are written in the voice of people using adult drug and
alcohol treatment and recovery services in the UK, for a "Working Together for
Change" style demo.

- ``EXTRA_STATEMENTS``: 90 more ``(topic_label, kind, text)`` statements, using
  the topic labels from :mod:`withus.insight.sample_statements`.
- ``KIND_BY_TEXT``: the kind (what is working, what is not working, what matters
  now, what matters for the future) judged by hand for every statement in
  ``SAMPLE_STATEMENTS`` and ``HELD_OUT_STATEMENTS``, keyed by its exact text.
- ``I_STATEMENTS``, ``ROOT_CAUSES``, ``SUCCESS`` and ``ACTIONS``: a worked-up
  example of what a group might write for each of the eight topics.
"""

from withus.insight.sample_statements import (
    ACTIVITIES,
    HOUSING,
    MONEY,
    PEER,
    RESPECT,
    TRANSPORT,
    WAITING,
    WEEKENDS,
)

EXTRA_STATEMENTS: tuple[tuple[str, str, str], ...] = (
    # Help at weekends and in the evenings
    (
        WEEKENDS,
        "working",
        "Saturday breakfast at the recovery café gives my weekend shape and keeps me off the drink",
    ),
    (
        WEEKENDS,
        "working",
        "My key worker set up a Sunday check-in call, and it's kept me from picking up",
    ),
    (
        WEEKENDS,
        "working",
        "Evening mutual aid meetings mean I can keep my job and still get support",
    ),
    (
        WEEKENDS,
        "not_working",
        "Our pharmacy shuts on Sundays, so I take home Saturday's dose and worry all weekend",
    ),
    (
        WEEKENDS,
        "not_working",
        "Friday night is when the cravings hit, and every service has already gone home",
    ),
    (
        WEEKENDS,
        "not_working",
        "Groups only run in the daytime, so working people like me get left out",
    ),
    (
        WEEKENDS,
        "matters_now",
        "Right now, having someone to ring on a Saturday night would keep me safe",
    ),
    (WEEKENDS, "matters_now", "Evenings after my shift are when I most need to talk to somebody"),
    (
        WEEKENDS,
        "matters_now",
        "Knowing my prescription is sorted before a bank holiday matters a lot to me",
    ),
    (
        WEEKENDS,
        "matters_future",
        "One day I'd like the treatment service open seven days, like the pubs are",
    ),
    (
        WEEKENDS,
        "matters_future",
        "A weekend route into detox would stop people drinking right through till Monday",
    ),
    (
        WEEKENDS,
        "matters_future",
        "Family sessions after work hours would let my partner come along too",
    ),
    # Getting there: transport
    (TRANSPORT, "working", "The service pays my bus fare to group, which means I actually turn up"),
    (
        TRANSPORT,
        "working",
        "Having the needle exchange van come to our estate saves me a long trip",
    ),
    (
        TRANSPORT,
        "not_working",
        "Daily supervised consumption means a forty-minute bus ride each way, every single day",
    ),
    (
        TRANSPORT,
        "not_working",
        "Rehab is on the other side of the county and my family have no way to visit",
    ),
    (
        TRANSPORT,
        "not_working",
        "A late bus meant I missed my script review, and then they cut my dose",
    ),
    (
        TRANSPORT,
        "matters_now",
        "Getting to probation and the clinic on the same day is a juggle without a car",
    ),
    (
        TRANSPORT,
        "matters_now",
        "Fares matter when you're on Universal Credit and every pound counts",
    ),
    (
        TRANSPORT,
        "matters_now",
        "Bus stations are where I used to score, so travelling through them is hard",
    ),
    (
        TRANSPORT,
        "matters_future",
        "Outreach clinics in the market towns would save people hours of travel",
    ),
    (TRANSPORT, "matters_future", "Eventually I'd like to drive again once I get my licence back"),
    (
        TRANSPORT,
        "matters_future",
        "Video appointments would help people in the villages who can't get into town",
    ),
    # Waiting times
    (WAITING, "working", "Starting buprenorphine the same day I walked in made all the difference"),
    (
        WAITING,
        "working",
        "Someone phoned me every week while I waited for detox, and that kept me hanging on",
    ),
    (
        WAITING,
        "working",
        "Going straight from prison release to a script with no gap worked really well for me",
    ),
    (
        WAITING,
        "not_working",
        "Nine months on the rehab waiting list, and the funding panel keeps getting postponed",
    ),
    (
        WAITING,
        "not_working",
        "Assessment after assessment, telling my story again, before anyone offers real treatment",
    ),
    (
        WAITING,
        "not_working",
        "Coming out of prison on a Friday with no script until Tuesday nearly finished me",
    ),
    (
        WAITING,
        "matters_now",
        "Hearing back quickly after I ask for help matters, because the moment passes",
    ),
    (
        WAITING,
        "matters_now",
        "When you finally decide to stop drinking, you need help that week, not next month",
    ),
    (
        WAITING,
        "matters_future",
        "Nobody should wait for a detox bed long enough to change their mind",
    ),
    (
        WAITING,
        "matters_future",
        "Shorter waits for residential rehab is what I hope the new contract delivers",
    ),
    (
        WAITING,
        "matters_future",
        "My hope is that every waiting list comes with support while you wait",
    ),
    # Peer support
    (PEER, "working", "Going to the recovery café on a Tuesday showed me people do get better"),
    (PEER, "working", "Mutual aid gave me a sponsor I can ring at any hour of the day"),
    (PEER, "working", "Peer mentors met me at the prison gate, which nobody else had ever done"),
    (
        PEER,
        "not_working",
        "Groups got cut to once a fortnight, which is nowhere near enough early on",
    ),
    (
        PEER,
        "not_working",
        "There isn't a women-only meeting anywhere near here, and mixed groups feel unsafe",
    ),
    (PEER, "not_working", "Peer volunteers burn out because they get no proper supervision or pay"),
    (PEER, "matters_now", "Being around people who get it keeps me honest about my drinking"),
    (
        PEER,
        "matters_now",
        "Sitting with others on scripts helps me feel less ashamed about methadone",
    ),
    (PEER, "matters_future", "Training as a peer mentor next year is my big goal"),
    (
        PEER,
        "matters_future",
        "Lived experience workers should be on every interview panel and in every team",
    ),
    (
        PEER,
        "matters_future",
        "Parents who've been through it could run a family group to help mums like me cope",
    ),
    # Being treated with respect
    (RESPECT, "working", "Being asked how I wanted to reduce my dose made me feel in charge"),
    (RESPECT, "working", "Reception at the clinic say hello and use my first name now"),
    (
        RESPECT,
        "working",
        "At the needle exchange they never lecture me, they just make sure I'm safe",
    ),
    (RESPECT, "not_working", "Every time I ask about coming off methadone I'm told I'm not ready"),
    (RESPECT, "not_working", "Probation talk to me like I'm still the person I was at twenty"),
    (RESPECT, "not_working", "Hospital staff wrote me off as a drunk when I was really ill"),
    (
        RESPECT,
        "matters_now",
        "Being trusted with take-home doses matters to me more than anything right now",
    ),
    (
        RESPECT,
        "matters_now",
        "What I need at the moment is staff who don't treat a slip as failure",
    ),
    (RESPECT, "matters_now", "Please speak to me, not my mum, about my treatment"),
    (
        RESPECT,
        "matters_future",
        "Staff training written with people in recovery would change how we're treated",
    ),
    (RESPECT, "matters_future", "In time I want my GP to see me, not my history of using"),
    # Housing
    (HOUSING, "working", "Moving into a dry house after rehab gave me the best chance I've had"),
    (
        HOUSING,
        "working",
        "Supported accommodation let me keep my recovery going while I sorted my life out",
    ),
    (
        HOUSING,
        "not_working",
        "Leaving detox to go back to a hostel full of dealers undid all the good work",
    ),
    (HOUSING, "not_working", "Housing benefit stopped while I was in rehab and I lost my flat"),
    (
        HOUSING,
        "not_working",
        "Private landlords turn you down the minute they hear about your script",
    ),
    (
        HOUSING,
        "not_working",
        "Bed and breakfast rooms have nowhere to cook, so I'm living on takeaways",
    ),
    (
        HOUSING,
        "matters_now",
        "Somewhere quiet, away from where I used to use, is what I need right now",
    ),
    (
        HOUSING,
        "matters_now",
        "Keeping my tenancy while I'm in treatment is my main worry at the moment",
    ),
    (
        HOUSING,
        "matters_now",
        "Without a safe address, probation and the clinic can't keep in touch with me",
    ),
    (
        HOUSING,
        "matters_future",
        "A home where my kids can come and stay is what I'm working towards",
    ),
    (HOUSING, "matters_future", "Move-on housing should be lined up before anyone leaves rehab"),
    (HOUSING, "matters_future", "Some day I'd like my own tenancy with my name on the door"),
    # Money and benefits
    (MONEY, "working", "The benefits adviser at the drug service got my sanction overturned"),
    (
        MONEY,
        "working",
        "Paying rent straight to the landlord from my Universal Credit has kept a roof over me",
    ),
    (
        MONEY,
        "not_working",
        "Missing a jobcentre appointment for my clinic review got me sanctioned for a month",
    ),
    (MONEY, "not_working", "Travelling to rehab interviews costs money I simply don't have"),
    (MONEY, "not_working", "Debt collectors kept ringing me the whole time I was in detox"),
    (MONEY, "matters_now", "Sorting out my old debts is what I'm most anxious about right now"),
    (MONEY, "matters_now", "Having a bit left for bus fares and food keeps me from shoplifting"),
    (MONEY, "matters_now", "Managing money sober is new to me and I need help with it"),
    (
        MONEY,
        "matters_future",
        "Going back to work without losing my housing benefit overnight is my aim",
    ),
    (
        MONEY,
        "matters_future",
        "Work coaches should understand recovery and not push people too soon",
    ),
    (
        MONEY,
        "matters_future",
        "Eventually I want to pay my own way and buy my son a birthday present",
    ),
    # Things to do in the community
    (
        ACTIVITIES,
        "working",
        "Five-a-side football with the recovery team is the best part of my week",
    ),
    (ACTIVITIES, "working", "Volunteering in the café kitchen gave me something to get up for"),
    (
        ACTIVITIES,
        "working",
        "An art group at the recovery hub helped me fill the evenings without drinking",
    ),
    (
        ACTIVITIES,
        "not_working",
        "Everything social round here is built around the pub or the bookies",
    ),
    (
        ACTIVITIES,
        "not_working",
        "Activities stopped when the grant ran out, and people started using again",
    ),
    (
        ACTIVITIES,
        "not_working",
        "Groups are all about talking, and there's nothing practical to do",
    ),
    (
        ACTIVITIES,
        "matters_now",
        "Filling the empty hours is the hardest part of staying clean right now",
    ),
    (ACTIVITIES, "matters_now", "Doing something with my hands keeps my head quiet"),
    (
        ACTIVITIES,
        "matters_now",
        "Meeting people who don't drink, outside of meetings, matters to me now",
    ),
    (ACTIVITIES, "matters_future", "College next September is my plan, maybe a course in plumbing"),
    (
        ACTIVITIES,
        "matters_future",
        "Giving something back through volunteering is where I want to get to",
    ),
)

# The kind of each statement in SAMPLE_STATEMENTS and HELD_OUT_STATEMENTS, judged
# by hand from its wording: praise is "working", a complaint is "not_working", a
# present need is "matters_now" and a hope or "should" is "matters_future".
KIND_BY_TEXT: dict[str, str] = {
    # Help at weekends and in the evenings
    "I can't get help at weekends": "not_working",
    "Nobody answers the phone after five o'clock": "not_working",
    "The crisis line at night was there for me when I needed it": "working",
    "Saturday and Sunday are the hardest days because everything is shut": "not_working",
    "My carer doesn't come on Sundays so I stay in bed all day": "not_working",
    "I want someone to talk to in the evenings when it gets bad": "matters_now",
    "The drop-in closes at four, which is when I start to struggle": "not_working",
    "Bank holidays mean three days with no support at all": "not_working",
    "Having the out of hours number on my fridge makes me feel safer": "working",
    "Late night support should be as good as daytime support": "matters_future",
    "Friday evening to Monday morning is a long time on your own": "not_working",
    "The evening call from the team keeps me going": "working",
    "In future I'd like a service that is open seven days a week": "matters_future",
    "When I rang at the weekend I just got an answerphone": "not_working",
    "Night times are when I drink, and there's nobody around then": "not_working",
    "Weekend staff don't know me so I have to explain everything again": "not_working",
    "A safe place to go at night instead of A&E would make a big difference": "matters_future",
    "The Sunday morning group at the recovery cafe is a lifeline": "working",
    "Support stops at teatime but my worries don't": "not_working",
    "I'd like to be able to text someone late at night": "matters_now",
    "Out of hours the only option is the police or hospital": "not_working",
    # Getting there: transport
    "The bus to the day centre stopped running": "not_working",
    "I can't afford taxis to my appointments": "not_working",
    "The community transport minibus picks me up at my door": "working",
    "Two buses and a long walk to get to the clinic each week": "not_working",
    "My bus pass means I can get out and about": "working",
    "There's no train station anywhere near the village": "not_working",
    "I miss appointments because the bus is late or doesn't turn up": "not_working",
    "The drivers don't wait while I get my wheelchair on": "not_working",
    "Lifts to the hospital from volunteers have been brilliant": "working",
    "I would go to more groups if someone could give me a lift": "matters_now",
    "Travel costs come out of money I need for food": "not_working",
    "The ramp on the bus is often broken": "not_working",
    "Getting the train on my own makes me panic": "matters_now",
    "I'd like travel training so I can use the buses myself": "matters_future",
    "Services should be closer to where people live so we don't have to travel": "matters_future",
    "Parking at the health centre is impossible": "not_working",
    "Since they cut the evening bus route I'm stuck at home": "not_working",
    "The accessible taxi has to be booked a week ahead": "not_working",
    "Getting into town takes over an hour on the bus": "not_working",
    "Being able to claim back my fares really helps": "working",
    "I walk three miles to the pharmacy for my script every day": "not_working",
    # Waiting times
    "I waited eight months for counselling": "not_working",
    "The waiting list for an assessment is over a year": "not_working",
    "I was seen within a week when I asked for a detox, which saved me": "working",
    "While you wait there's nothing, no one checks in on you": "not_working",
    "I've been on the list for talking therapy since last spring": "not_working",
    "By the time my appointment came through I'd relapsed": "not_working",
    "It took four months to get my care assessment done": "not_working",
    "Being told how long the wait is would help me plan": "matters_now",
    "The fast referral from my GP to the team worked well": "working",
    "I waited weeks for a call back about my care package": "not_working",
    "People shouldn't have to be in crisis before they get seen": "matters_future",
    "My review is months overdue": "not_working",
    "I'd like shorter waits for the memory clinic for my mum": "matters_now",
    "Delays getting a psychiatrist appointment made me worse": "not_working",
    "Sitting in the waiting room for two hours past my appointment time": "not_working",
    "In future, nobody should wait longer than a month to see someone": "matters_future",
    "The waiting list for the OT assessment means I still have no rails": "not_working",
    "I got a letter saying I'm still on the list, and that was it": "not_working",
    "Same day appointments at the drug service are really good": "working",
    "It takes too long to get a diagnosis": "not_working",
    "I was referred and then heard nothing for six months": "not_working",
    # Peer support
    "Talking to people who've been through it helps more than anything": "working",
    "The peer mentor at the service understood me straight away": "working",
    "I'd like to train as a peer supporter one day": "matters_future",
    "Meeting others with the same diagnosis made me feel less alone": "working",
    "Our hearing voices group closed when the funding ran out": "not_working",
    "Mutual aid meetings keep me sober": "working",
    "I want more groups run by people with lived experience": "matters_future",
    "The carers group is where I found out what I was entitled to": "working",
    "Someone in recovery showed me it could be done": "working",
    "There's no group for young men like me": "not_working",
    "Peer workers should be paid properly, not just volunteers": "matters_future",
    "The online forum got me through lockdown": "working",
    "Being a buddy for someone new gives me a reason to get up": "working",
    "I'd rather talk to someone who's lived it than to a professional": "matters_now",
    "The women's group feels safe and nobody judges you": "working",
    "I'd like a group for people with autism to share tips": "matters_now",
    "Helping others in my group helps my own recovery": "working",
    "The group sessions are too big now so you can't really talk": "not_working",
    "Having a mentor who used to use showed me there's a way out": "working",
    "Recovery communities should be part of every service": "matters_future",
    "Sharing my story with the group was the turning point": "working",
    # Being treated with respect
    "Staff talk about me as if I'm not in the room": "not_working",
    "My support worker listens and treats me like an adult": "working",
    "I'm judged because of my drug use": "not_working",
    "The receptionist was rude when I said I'd come for my methadone": "not_working",
    "I want staff to ask me what I think before deciding things": "matters_now",
    "My social worker always explains things and gives me choices": "working",
    "Nobody asked me what I wanted in my care plan": "not_working",
    "They use words I don't understand and don't explain them": "not_working",
    "Being called by my name and not my diagnosis matters": "matters_now",
    "The nurse was kind and didn't rush me": "working",
    "I felt like a number, not a person": "not_working",
    "Staff should have training from people with lived experience": "matters_future",
    "The doctor wouldn't look at me, just the computer screen": "not_working",
    "I was treated with dignity on the ward this time": "working",
    "Being listened to is the most important thing for me": "matters_now",
    "Workers keep changing so I never build any trust": "not_working",
    "I don't want to be talked down to because I have a learning disability": "matters_now",
    "My key worker believed in me when I didn't": "working",
    "People should have a say in their own support, not just sign forms": "matters_future",
    "Staff were patient and took time to get to know me": "working",
    "They spoke to my sister instead of speaking to me": "not_working",
    # Housing
    "My flat is damp and the council won't fix it": "not_working",
    "I've been in temporary accommodation for two years": "not_working",
    "Getting my own tenancy has given me my life back": "working",
    "The hostel is full of people using, which makes it hard to stay clean": "not_working",
    "I need a ground floor flat because of my legs": "matters_now",
    "Supported living means I have my own front door with help nearby": "working",
    "I'm scared I'll be evicted because the rent went up": "matters_now",
    "There's nowhere to live when you leave rehab": "not_working",
    "The housing officer helped me fill in the bidding forms": "working",
    "I want to live near my family, not across the county": "matters_now",
    "Sofa surfing is wearing me down": "not_working",
    "The adaptations to my bathroom mean I can wash on my own": "working",
    "Landlords won't take people on housing benefit": "not_working",
    "I'd like a home of my own where I can have my grandchildren to stay": "matters_future",
    "My neighbours are noisy and I don't feel safe in my building": "not_working",
    "Housing first worked for me after years on the streets": "working",
    "I was discharged from hospital with nowhere to go": "not_working",
    "The repairs team took six months to fix my heating": "not_working",
    "Shared houses with strangers make my anxiety worse": "not_working",
    "In the future I want to move out of the care home into a flat": "matters_future",
    "Mould in the bedroom is making my chest bad": "not_working",
    # Money and benefits
    "My PIP was stopped and I had to appeal": "not_working",
    "The welfare rights adviser sorted out my Universal Credit": "working",
    "I'm frightened of the brown envelopes from the DWP": "matters_now",
    "After rent and bills there's nothing left for food": "not_working",
    "The benefits assessment made me feel like a liar": "not_working",
    "Help with debts has taken a weight off my mind": "working",
    "I want to work but I'm scared of losing my benefits": "matters_future",
    "The food bank is the only way I get through the month": "matters_now",
    "Filling in the forms is impossible without someone to help": "not_working",
    "My direct payment lets me choose who supports me": "working",
    "Sanctions left me with no money for weeks": "not_working",
    "I can't afford to heat my home this winter": "not_working",
    "Having a budgeting plan means I'm not always skint by Wednesday": "working",
    "Care charges take most of my pension": "not_working",
    "I'd like advice on money before I get into debt, not after": "matters_future",
    "My appointee manages my cash and I never know what I have": "not_working",
    "The five week wait for Universal Credit pushed me into arrears": "not_working",
    "Getting the carer's allowance made a real difference to us": "working",
    "I'd like a paid job one day so I'm not relying on handouts": "matters_future",
    "Loan sharks target people like me when the benefits run out": "not_working",
    "The phone line for the benefits office keeps you on hold for an hour": "not_working",
    # Things to do in the community
    "The day centre closing means I've nothing to do all week": "not_working",
    "The allotment project gets me outside and with people": "working",
    "I'd like to go to college and learn something new": "matters_future",
    "There's nothing in town for people my age except the pub": "not_working",
    "The walking group is the highlight of my week": "working",
    "I want to volunteer at the charity shop": "matters_future",
    "The library runs a craft club that I love": "working",
    "Gyms are too expensive and I feel out of place there": "not_working",
    "Art classes at the community centre help my mood": "working",
    "I'm lonely because I never go out": "matters_now",
    "I'd like more things to do in the day that aren't just for disabled people": "matters_now",
    "Football sessions for people in recovery got me fit again": "working",
    "The choir has given me confidence to sing in public": "working",
    "Sober social events so I can have a night out without drinking": "matters_now",
    "Cooking classes taught me to make proper meals on a budget": "working",
    "The leisure centre swimming sessions are not accessible for me": "not_working",
    "In future I want to be part of my community, not just a client": "matters_future",
    "Gardening at the community farm calms me down": "working",
    "There used to be a youth club and now there's nothing": "not_working",
    "I'd like to join a club for fishing or bird watching": "matters_future",
    "The men's shed gives me somewhere to go and something to make": "working",
    # held out: Help at weekends and in the evenings
    "Everything I rely on disappears on a Friday afternoon": "not_working",
    "I'd like the helpline to be staffed overnight by people who know mental health": "matters_future",  # noqa: E501
    "My worst times are at three in the morning": "matters_now",
    "The Saturday drop-in is the only thing that stops me using": "working",
    "Christmas and New Year are really frightening with no services open": "not_working",
    "Carers who come in the evening to help me to bed make a big difference": "working",
    # held out: Getting there: transport
    "I can't get to the recovery meetings because there's no bus on that route": "not_working",
    "The hospital transport came on time and the driver was lovely": "working",
    "A taxi there and back costs me twenty pounds": "not_working",
    "I'd like dial-a-ride to cover where I live": "matters_future",
    "I'm too anxious to use public transport so I don't go anywhere": "matters_now",
    "The train station has no step-free access": "not_working",
    # held out: Waiting times
    "I've been waiting for an autism assessment for three years": "not_working",
    "Nobody tells you where you are on the list": "not_working",
    "The crisis team came out the same day": "working",
    "Weeks go by between my appointments with the psychologist": "not_working",
    "While I was waiting for rehab I nearly died": "not_working",
    "Referrals should not get lost between teams": "matters_future",
    # held out: Peer support
    "The group of other parents with mental health problems keeps me sane": "working",
    "I want to become a recovery champion and support others": "matters_future",
    "Hearing someone else's story gave me hope": "working",
    "Our user-led group needs a room we can use for free": "matters_now",
    "Talking to another dad who'd been through it was what I needed": "working",
    "Peer support should be offered from the first day, not at the end": "matters_future",
    # held out: Being treated with respect
    "The pharmacist made me take my dose in front of the queue": "not_working",
    "My care worker knocks before she comes in and asks how I want things done": "working",
    "I was spoken to like a child at the assessment": "not_working",
    "Staff assume I'm drunk because of how I talk after my stroke": "not_working",
    "I want to be part of the decisions about my medication": "matters_now",
    "The worker remembered what mattered to me from last time": "working",
    # held out: Housing
    "I want a place where my dog can live with me": "matters_future",
    "The council offered me a flat miles away from my support": "not_working",
    "My landlord is selling up and I have two months to find somewhere": "matters_now",
    "Living in a bedsit with a shared kitchen is getting me down": "not_working",
    "The move into my bungalow was well planned and I feel settled": "working",
    "Young people leaving care need somewhere safe to live": "matters_future",
    # held out: Money and benefits
    "The prepayment meter eats all my money": "not_working",
    "I was turned down for ESA even though I can barely leave the house": "not_working",
    "Citizens Advice helped me claim what I'm owed": "working",
    "I'd like to earn some money without it all being taken off my benefits": "matters_future",
    "I had to choose between paying the phone bill and eating": "not_working",
    "The personal budget is too small to pay for the support I need": "not_working",
    # held out: Things to do in the community
    "The pottery group gives me something to look forward to": "working",
    "I'd like to join the gym but I'm nervous going on my own": "matters_now",
    "Since the luncheon club shut I don't see anyone all week": "not_working",
    "Volunteering at the food bank gave me a routine": "working",
    "I want to learn to swim and go on trips like anyone else": "matters_future",
    "Dance classes for people with learning disabilities are brilliant": "working",
}

I_STATEMENTS: dict[str, str] = {
    WEEKENDS: "I want help at weekends and in the evenings, not only Monday to Friday.",
    TRANSPORT: (
        "I want to get to my appointments and groups without it costing my food money "
        "or taking half the day."
    ),
    WAITING: "I want help when I ask for it, and someone to keep in touch with me while I wait.",
    PEER: "I want to meet people who have been where I am, and one day to help others myself.",
    RESPECT: (
        "I want to be listened to, trusted and treated as a person, not judged for my "
        "drinking or drug use."
    ),
    HOUSING: "I want a safe, settled home away from using, sorted before I leave rehab or prison.",
    MONEY: (
        "I want enough money to live on and help with benefits and debts, without my "
        "treatment putting my income at risk."
    ),
    ACTIVITIES: "I want things to do and people to be with that don't involve drinking or using.",
}

ROOT_CAUSES: dict[str, str] = {
    WEEKENDS: (
        "Services are commissioned for office hours. Contracts do not pay for evening or "
        "weekend staff, and pharmacies set their own opening times."
    ),
    TRANSPORT: (
        "Treatment is run from one central building to save money, and travel costs are not "
        "in anyone's budget. Rural and evening bus routes have been cut."
    ),
    WAITING: (
        "There are too few detox and rehab places and too few key workers for the number of "
        "people asking for help. Funding panels and repeated assessments add more delay."
    ),
    PEER: (
        "Peer and mutual aid groups run on short grants and unpaid volunteers. Lived "
        "experience roles are not written into treatment contracts."
    ),
    RESPECT: (
        "Stigma about drug and alcohol use runs through health, housing and justice services. "
        "High caseloads and staff turnover leave little time to build trust."
    ),
    HOUSING: (
        "Housing, treatment and probation are planned and paid for separately, so nobody owns "
        "the move from rehab or prison into a home. There is very little affordable housing."
    ),
    MONEY: (
        "Benefit rules take no account of treatment, so clinic appointments clash with "
        "jobcentre demands. Most treatment services have no welfare or debt advice."
    ),
    ACTIVITIES: (
        "Community activities depend on one-off grants that end. Most social life in the "
        "evenings is built around alcohol."
    ),
}

SUCCESS: dict[str, str] = {
    WEEKENDS: (
        "People can reach someone who knows them in the evening and at weekends. Fewer crises "
        "and relapses happen between Friday and Monday."
    ),
    TRANSPORT: (
        "Most people can get to treatment within half an hour, or have it brought to them. "
        "Nobody misses a dose or appointment because of fares."
    ),
    WAITING: (
        "People start treatment within days of asking. Anyone waiting for detox or rehab "
        "hears from someone every week."
    ),
    PEER: (
        "Everyone is offered peer support from their first day. Peer workers are paid, "
        "trained and supervised."
    ),
    RESPECT: (
        "People say they are listened to and involved in decisions about their treatment. "
        "Complaints about being judged go down."
    ),
    HOUSING: (
        "Nobody leaves detox, rehab or prison without somewhere safe to live. People keep "
        "their tenancy while they are in treatment."
    ),
    MONEY: (
        "Everyone in treatment can see a benefits and debt adviser. Nobody is sanctioned "
        "because of a treatment appointment."
    ),
    ACTIVITIES: (
        "People in recovery have something to do every day, including sober social events, "
        "volunteering and learning. Fewer say they feel lonely."
    ),
}

ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    WEEKENDS: (
        (
            "Add evening and weekend opening to the new treatment specification",
            "Drug and alcohol commissioning team",
        ),
        (
            "Agree Sunday and bank holiday dispensing with community pharmacies",
            "Public health pharmacy lead",
        ),
        (
            "Fund a weekend recovery café session run by peers",
            "Recovery community organisation",
        ),
    ),
    TRANSPORT: (
        ("Pay bus fares for treatment appointments and groups", "Treatment provider"),
        (
            "Run a weekly satellite clinic in each market town",
            "Drug and alcohol commissioning team",
        ),
    ),
    WAITING: (
        (
            "Set a standard of starting treatment within five working days of asking",
            "Drug and alcohol commissioning team",
        ),
        (
            "Give everyone on the detox or rehab list a weekly check-in call",
            "Treatment provider",
        ),
        (
            "Replace the rehab funding panel with one quick decision by the key worker's manager",
            "Adult social care",
        ),
    ),
    PEER: (
        (
            "Write paid peer mentor roles into the treatment contract",
            "Drug and alcohol commissioning team",
        ),
        (
            "Provide free rooms for mutual aid and family support groups",
            "Council community services",
        ),
    ),
    RESPECT: (
        (
            "Run stigma training written with people in recovery for reception, pharmacy and "
            "hospital staff",
            "Public health and the local NHS trust",
        ),
        (
            "Ask about treatment choices at every review and write them into the plan",
            "Treatment provider",
        ),
    ),
    HOUSING: (
        (
            "Agree a pathway so move-on housing is found before people leave rehab or prison",
            "Housing options team and probation",
        ),
        (
            "Keep paying housing costs while people are in residential rehab",
            "Housing benefit team",
        ),
    ),
    MONEY: (
        (
            "Put a welfare rights adviser in the treatment service one day a week",
            "Council welfare rights team",
        ),
        (
            "Agree with the jobcentre that treatment appointments are a good reason to rearrange",
            "Jobcentre partnership manager",
        ),
    ),
    ACTIVITIES: (
        (
            "Fund recovery sport and arts groups for three years, not one",
            "Public health",
        ),
        (
            "Support peers to run sober social events on Friday and Saturday nights",
            "Recovery community organisation",
        ),
    ),
}
