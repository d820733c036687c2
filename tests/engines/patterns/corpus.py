"""Small fixed corpora for the pattern engine's tests.

Written for Medskapa's tests (not collected from real people): the kind of thing young people
say in a check-in or a conversation about school, home, friends, free time and their contact
with social services. Each topic mixes plain words, compounds ("skolmaten", "fritidsgården")
and chat spelling ("asså", "typ").
"""

from __future__ import annotations

SCHOOL = [
    "Skolan är jobbig för att läraren inte lyssnar på mig",
    "Jag hinner inte med läxorna och proven i skolan",
    "Mattelektionerna går för fort och läraren förklarar dåligt",
    "Skolmaten är äcklig och jag äter knappt lunch i skolan",
    "Vi har för mycket prov och läxor varje vecka",
    "Läraren skäller på mig inför hela klassen",
    "Jag vill byta skola för att klassen är stökig",
    "Det är svårt att koncentrera sig på lektionerna i skolan",
    "Jag får stöd av specialläraren med läsningen i skolan",
    "Betygen stressar mig och jag sover dåligt före proven",
    "Skolsköterskan är snäll och lyssnar när jag mår dåligt i skolan",
    "Jag skolkar ibland för att lektionerna är tråkiga",
    "Vår mentor i skolan bryr sig inte om oss elever",
    "Klassrummet är så stökigt att jag inte kan plugga",
]

HOME = [
    "Mamma och pappa bråkar hemma nästan varje kväll",
    "Jag delar rum med min lillebror och får aldrig vara ifred hemma",
    "Hemma är det lugnt nu sedan pappa flyttade",
    "Mamma jobbar natt så jag lagar middag till mina syskon",
    "Jag bor varannan vecka hos mamma och pappa",
    "Det är trångt i lägenheten och mina syskon skriker hela tiden",
    "Pappa dricker och då blir det otäckt hemma",
    "Jag gillar att äta middag med familjen på söndagar",
    "Mina föräldrar är för stränga med mobilen hemma",
    "Min styvpappa och mamma grälar om pengar",
    "Jag får städa mitt rum och hjälpa till med disken hemma",
    "Familjen har flyttat till en ny lägenhet och jag saknar mitt gamla rum",
    "Mamma är sjuk och jag tar hand om mina småsyskon",
    "Föräldrarna skiljer sig och det känns tungt hemma",
]

FRIENDS = [
    "Mina kompisar lämnar mig utanför på rasterna",
    "Jag har en bästa vän som jag kan prata med om allt",
    "Kompisarna skriver elaka saker om mig i gruppchatten",
    "Det är svårt att hitta nya vänner när man har flyttat",
    "Min bästis flyttade och nu känner jag mig ensam",
    "Vi bråkade i kompisgänget och ingen pratar med mig",
    "Jag blir mobbad av några killar i parallellklassen",
    "Mina vänner tycker att jag är rolig och snäll",
    "Jag saknar kompisar att hänga med efter skolan",
    "Några tjejer sprider rykten om mig på sociala medier",
    "Jag känner mig ensam för att jag inte har några vänner",
    "Min kompis peppar mig när jag är ledsen",
    "Kompisgänget hänger utan mig på helgerna",
    "Det är lätt att få nya vänner i min nya klass",
]

FREE_TIME = [
    "Jag spelar fotboll tre gånger i veckan och älskar matcherna",
    "På fritidsgården kan man spela pingis och träffa folk",
    "Jag gamear på datorn hela kvällarna på helgen",
    "Simträningen är det bästa med veckan",
    "Jag vill börja på dans men det kostar för mycket",
    "Fotbollsträningen blev inställd och jag var hemma och tråkade",
    "Jag ritar och målar mycket på min fritid",
    "Fritidsgården stänger för tidigt på fredagar",
    "Jag spelar gitarr och vill starta ett band",
    "Handbollsmatchen i helgen var superkul",
    "Jag tittar på serier och spelar tv-spel när jag är ledig",
    "Ridlektionerna är dyra men jag älskar hästarna",
    "Det finns inga aktiviteter för unga här på kvällarna",
    "Jag tränar på gymmet och springer i skogen på fritiden",
]

SOCIAL_SERVICES = [
    "Min socialsekreterare lyssnar inte på vad jag vill",
    "Jag träffar min handläggare på socialtjänsten en gång i månaden",
    "Socialtjänsten bestämmer saker om mig utan att fråga mig",
    "Det är jobbigt att byta socialsekreterare hela tiden",
    "Handläggaren förklarade beslutet så att jag förstod",
    "Jag vet inte varför socialen har möten om mig",
    "Jag vill vara med på mötena med socialtjänsten och säga vad jag tycker",
    "Min kontaktperson från socialtjänsten är schyst och lätt att prata med",
    "Jag fick inte läsa utredningen som socialtjänsten skrev om mig",
    "Socialsekreteraren ringer aldrig tillbaka när jag behöver hjälp",
    "Jag förstår inte orden i beslutet från socialnämnden",
    "Det kändes bra när handläggaren frågade vad jag ville",
    "Mötena på socialkontoret är långa och tråkiga",
    "Jag vill ha samma socialsekreterare och inte en ny varje år",
]

TOPICS = {
    "school": SCHOOL,
    "home": HOME,
    "friends": FRIENDS,
    "free_time": FREE_TIME,
    "social_services": SOCIAL_SERVICES,
}

# Fragments that fit no topic above.
OUTLIERS = [
    "Vulkanutbrott på Island påverkar flygtrafiken över Atlanten",
    "Kvantdatorer räknar med kvantbitar i stället för vanliga bitar",
    "Räntan på bolån höjdes av Riksbanken i oktober",
]

ENGLISH_TOPICS = {
    "school": [
        "My teacher never listens to me at school",
        "We have too much homework and too many tests at school",
        "The math lessons at school are too fast for me",
        "I want to change school because my class is noisy",
        "The school lunch is awful and I skip it",
        "Exams at school make me stressed and I sleep badly",
        "Our teacher explains the lessons really well",
        "I get extra help with reading from a special teacher at school",
    ],
    "home": [
        "My mum and dad argue at home every evening",
        "I share a room with my little brother at home",
        "Home is calm now that my dad moved out",
        "My parents are too strict about my phone at home",
        "I cook dinner for my siblings at home when mum works nights",
        "We moved to a new flat and I miss my old room at home",
        "My parents are divorcing and home feels heavy",
        "I help with the dishes and clean my room at home",
    ],
    "football": [
        "I play football three times a week with my team",
        "Football practice was cancelled because of the rain",
        "Our football team won the match on Saturday",
        "I scored a goal in the football match yesterday",
        "The football coach says I should train more",
        "I want to play football for a bigger club",
        "Football training is the best part of my week",
        "We lost the football match but it was fun",
    ],
}
