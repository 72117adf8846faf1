"""Realistic, bilingual (Indonesian and English) text for generated load data.

Titles and descriptions are put together from per-category phrases and the
streets and landmarks of the demo slice of Tebet, so searches for ordinary
words ("banjir", "drain", "sampah") hit a realistic share of issues.
"""

from __future__ import annotations

import random

STREETS = [
    "Jalan Manggarai Utara II",
    "Jalan Tebet Barat IV",
    "Jalan Bukit Duri Tanjakan",
    "Jalan Kebon Baru Utara",
    "Jalan Saharjo",
    "Jalan Dr. Sahardjo",
    "Jalan Tebet Timur Dalam",
    "Jalan Casablanca",
    "Gang Mawar",
    "Gang Kelinci",
    "Jalan Minangkabau",
    "Jalan Padang",
    "Jalan Lapangan Ros",
    "Jalan Swadaya",
]
LANDMARKS = [
    "Stasiun Manggarai",
    "Pintu Air Manggarai",
    "Pasar Bukit Duri",
    "SDN 01 Bukit Duri",
    "Taman Tebet",
    "the footbridge over the Ciliwung",
    "Masjid Al-Ikhlas",
    "the bus stop",
    "Puskesmas Tebet",
    "Pasar Kebon Baru",
]

TITLES = {
    "flooding": {
        "id": [
            "Saluran air tersumbat di {street}",
            "Banjir setiap hujan di {street}",
            "Genangan air dekat {landmark}",
            "Got meluap di {street}",
            "Tanggul retak dekat {landmark}",
        ],
        "en": [
            "Blocked drain on {street}",
            "Flooding after every rain on {street}",
            "Standing water near {landmark}",
            "Overflowing gutter on {street}",
            "Cracked embankment near {landmark}",
        ],
    },
    "roads": {
        "id": [
            "Jalan berlubang di {street}",
            "Trotoar rusak dekat {landmark}",
            "Aspal ambles di {street}",
            "Polisi tidur terlalu tinggi di {street}",
        ],
        "en": [
            "Potholes on {street}",
            "Broken pavement near {landmark}",
            "Road surface sinking on {street}",
            "Speed bump far too high on {street}",
        ],
    },
    "waste": {
        "id": [
            "Sampah menumpuk di {street}",
            "Sampah tidak diangkut dekat {landmark}",
            "Pembuangan sampah liar di {street}",
            "Bau sampah dari TPS dekat {landmark}",
        ],
        "en": [
            "Rubbish piling up on {street}",
            "Waste not collected near {landmark}",
            "Illegal dumping on {street}",
            "Smell from the waste depot near {landmark}",
        ],
    },
    "transport": {
        "id": ["Halte rusak di {street}", "Angkot ngetem menutup {street}", "Jadwal bus tidak jelas di {landmark}"],
        "en": ["Damaged bus shelter on {street}", "Minibuses blocking {street}", "No bus timetable at {landmark}"],
    },
    "safety": {
        "id": [
            "Lampu jalan mati di {street}",
            "Kabel listrik menjuntai dekat {landmark}",
            "Penyeberangan berbahaya di {street}",
        ],
        "en": [
            "Streetlights out on {street}",
            "Power cables hanging low near {landmark}",
            "Dangerous crossing on {street}",
        ],
    },
    "parks": {
        "id": ["Taman tidak terawat dekat {landmark}", "Pohon tumbang di {street}", "Mainan anak rusak di {landmark}"],
        "en": ["Neglected park near {landmark}", "Fallen tree on {street}", "Broken playground near {landmark}"],
    },
    "services": {
        "id": [
            "Air PAM tidak mengalir di {street}",
            "Antrean panjang di {landmark}",
            "Pelayanan KTP lambat dekat {landmark}",
        ],
        "en": ["No piped water on {street}", "Long queues at {landmark}", "Slow ID card service near {landmark}"],
    },
    "other": {
        "id": ["Kebisingan malam hari di {street}", "Parkir liar di {street}", "Coretan di tembok dekat {landmark}"],
        "en": ["Night-time noise on {street}", "Illegal parking on {street}", "Graffiti on the wall near {landmark}"],
    },
}

SENTENCES = {
    "flooding": {
        "id": [
            "Setiap hujan deras air meluap ke jalan dan masuk ke rumah warga.",
            "Saluran penuh lumpur dan sampah plastik.",
            "Genangan bertahan sampai dua hari.",
            "Banjir setinggi lutut orang dewasa minggu lalu.",
        ],
        "en": [
            "Every heavy rain the water spills into the street and into houses.",
            "The drain is full of mud and plastic.",
            "The water stays for two days.",
            "Last week the flood was knee-deep.",
        ],
    },
    "roads": {
        "id": [
            "Lubangnya dalam dan sudah ada pengendara motor yang jatuh.",
            "Kerusakan makin parah setelah musim hujan.",
            "Pejalan kaki terpaksa berjalan di badan jalan.",
        ],
        "en": [
            "The hole is deep and motorcyclists have already fallen.",
            "It got worse after the rainy season.",
            "Pedestrians have to walk in the road.",
        ],
    },
    "waste": {
        "id": [
            "Sampah belum diangkut selama dua minggu.",
            "Baunya sampai ke rumah-rumah dan sekolah.",
            "Tikus dan lalat makin banyak.",
        ],
        "en": [
            "The rubbish has not been collected for two weeks.",
            "The smell reaches the houses and the school.",
            "There are more and more rats and flies.",
        ],
    },
    "transport": {
        "id": ["Penumpang menunggu di bawah terik matahari.", "Lalu lintas macet setiap pagi."],
        "en": ["Passengers wait in the full sun.", "Traffic jams every morning."],
    },
    "safety": {
        "id": ["Anak-anak lewat sini sebelum matahari terbit.", "Sudah tiga minggu gelap total."],
        "en": ["Children walk here before sunrise.", "It has been completely dark for three weeks."],
    },
    "parks": {
        "id": ["Rumput tinggi dan banyak nyamuk.", "Anak-anak tidak bisa bermain dengan aman."],
        "en": ["The grass is high and full of mosquitoes.", "Children cannot play safely."],
    },
    "services": {
        "id": ["Warga harus membeli air jeriken.", "Sudah dilaporkan ke kelurahan tapi belum ada tanggapan."],
        "en": ["Residents have to buy water by the jerrycan.", "It was reported to the kelurahan with no answer yet."],
    },
    "other": {
        "id": ["Warga sudah mencoba berbicara baik-baik.", "Mohon ditindaklanjuti."],
        "en": ["Residents have tried talking it over.", "Please follow this up."],
    },
}

CLOSING = {
    "id": ["Mohon segera ditangani.", "Terima kasih atas perhatiannya.", "Warga RT sekitar siap membantu."],
    "en": ["Please deal with it soon.", "Thank you for looking into this.", "Neighbours are ready to help."],
}

COMMENTS = {
    "id": [
        "Saya juga mengalami hal yang sama.",
        "Betul, kemarin makin parah.",
        "Sudah saya laporkan ke RT.",
        "Semoga cepat ditangani.",
        "Di gang sebelah juga begitu.",
        "Ada foto terbaru? Saya bisa bantu cek besok pagi.",
    ],
    "en": [
        "Same here, it affects our street too.",
        "Yes, it got worse yesterday.",
        "I reported it to the RT head.",
        "Hope this gets fixed soon.",
        "The next alley has the same problem.",
        "I can check again tomorrow morning.",
    ],
}


def _fill(template: str, rng: random.Random) -> str:
    return template.format(street=rng.choice(STREETS), landmark=rng.choice(LANDMARKS))


def language(rng: random.Random) -> str:
    return "id" if rng.random() < 0.6 else "en"


def title(category: str, lang: str, rng: random.Random) -> str:
    return _fill(rng.choice(TITLES[category][lang]), rng)[:140]


def description(category: str, lang: str, rng: random.Random) -> str:
    pool = SENTENCES[category][lang]
    body = rng.sample(pool, k=min(len(pool), rng.randint(2, 3)))
    near = _fill("{street}, {landmark}." if lang == "en" else "Lokasi: {street}, dekat {landmark}.", rng)
    return " ".join([*body, near, rng.choice(CLOSING[lang])])


def comment(lang: str, rng: random.Random) -> str:
    return rng.choice(COMMENTS[lang])
