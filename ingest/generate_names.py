"""Persons' names for generated bundles (ingest/generate.py), as varied as real ones.

The first pool held 12 first names and 10 surnames for five countries of origin: a case of 1,000
persons has about 750 victims, so every suspect from those countries shared his full name with
one of them, and an analyst, who has each word of a victim's name withheld, saw half the suspects
of GEN-0001 as "[withheld]" (analyst review, finding 1; issue 27). Real names have long tails:
the commonest Romanian surname, Popa, is held by about 1 % of Romanians, and the hundred
commonest by about a quarter. Here half the surnames are common ones, a stem and an ending of
their language ("Stan" + "escu"), drawn with weights falling with rank (1 / (rank + 10)); the
others are rare ones, two syllables and an ending ("Flo" + "ri" + "eanu"), thousands of them; first
names likewise (60 % common). Some names have a middle name, as Filipino, Nigerian and Vietnamese
ones do. Vietnamese names stay concentrated, as real ones are (Nguyen is about 38 % of them).

Then none of GEN-0001's 145 suspects shares a victim's full name (70 before), and an analyst reads
no word of the names of 15 of them (75 before): tests/test_generate.py.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, product

#: Added to each rank in the weights: the commonest of 400 surnames is then drawn about 3 % of the time.
RANK_OFFSET = 10
#: How often a name comes from the list of common ones; else it is one of the rare ones, made of two
#: syllables and an ending of the language (thousands of them, as in the long tail of real names).
FIRST_COMMON, LAST_COMMON = 0.6, 0.5


@dataclass(frozen=True)
class _Pool:
    """One language's names, commonest first."""

    first: Sequence[str]
    last: Sequence[str]
    middle: Sequence[str] = ()  # a second given name, or the mother's surname (PH)
    middle_share: float = 0.0
    family_first: bool = False  # Vietnamese: surname, middle name, given name
    #: The rare names: syllables, then the endings of surnames and of first names (none: common names only).
    syllables: Sequence[str] = ()
    last_endings: Sequence[str] = ()
    first_endings: Sequence[str] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_first_w", _cumulative(len(self.first)))
        object.__setattr__(self, "_last_w", _cumulative(len(self.last)))
        object.__setattr__(self, "_middle_w", _cumulative(len(self.middle)))

    def draw(self, rng: random.Random) -> str:
        first = (rng.choices(self.first, cum_weights=self._first_w)[0]  # type: ignore[attr-defined]
                 if not self.syllables or rng.random() < FIRST_COMMON else self._rare(rng, self.first_endings))
        last = (rng.choices(self.last, cum_weights=self._last_w)[0]  # type: ignore[attr-defined]
                if not self.syllables or rng.random() < LAST_COMMON else self._rare(rng, self.last_endings))
        middle = (rng.choices(self.middle, cum_weights=self._middle_w)[0]  # type: ignore[attr-defined]
                  if self.middle and rng.random() < self.middle_share else "")
        words = (last, middle, first) if self.family_first else (first, middle, last)
        return " ".join(w for w in words if w)


    def _rare(self, rng: random.Random, endings: Sequence[str]) -> str:
        return rng.choice(self.syllables) + rng.choice(self.syllables).lower() + rng.choice(endings)


def _cumulative(n: int) -> list[float]:
    return list(accumulate(1 / (rank + RANK_OFFSET) for rank in range(n)))


def _joined(stems: str, endings: str) -> list[str]:
    return [stem + ending for stem, ending in product(stems.split(), endings.split())]


_RO = _Pool(
    first=("Andrei Ion Mihai Elena Ana Maria Gheorghe Vasile Ioana Alexandru Constantin Nicolae Mihaela Cristina "
           "Daniel Florin Adrian Gabriela Marian Dumitru Stefan Alina Iulia Catalin Razvan Bogdan Simona Laura "
           "Ionut Sorin Mirela Oana Cosmin Victor Lucian Monica Teodora Dorin Petru Viorica").split(),
    last=_joined("Pop Ion Stan Rad Dumitr Constantin Marin Tudor Gheorghi Nicol Vasil Petr Moldov Olt Dobr "
                 "Munt Barb Neag Lup Sand Ciob Rotar Zamfir Croit Mocan Bucur Stoic Manol Grigor Ilie",
                 "escu eanu a u ache oiu aru"),
    syllables="Bu Ca Do Fa Ga Ho Iu La Ma Ne Pa Ra Se Ta Va Za Cri Dra Flo Gri Mi Ni Ro Si Tu Bo Ce Di Le Mu".split(),
    last_endings="escu eanu aru oiu ache ean".split(),
    first_endings="el ica an ina u ela".split(),
)
_UA = _Pool(
    first=("Olena Dmytro Ivan Iryna Oleksandr Andriy Natalia Serhiy Tetiana Yulia Mykola Oksana Viktor Volodymyr "
           "Halyna Yuriy Svitlana Vasyl Kateryna Bohdan Roman Maksym Liudmyla Taras Nadiya Petro Larysa Ihor "
           "Anastasia Denys").split(),
    last=_joined("Shevch Bond Tkach Koval Kravch Moroz Lys Savch Rud Melnych Petr Marchen Kuz Polishch Levch "
                 "Hrytsen Pavl Ostap Kyryl Zinch Semen Dyach Hnat Vlas Fed Lytv Mazur Pasich",
                 "enko uk yk ko ets iv chuk"),
    syllables="Bo Da Ha Ko La Ly Ma My No Pa Ro Sa Ste Ty Va Ya Za Hry Kry Mo Po Ru Se Te Zo Bi Dy Hu Ku Ve".split(),
    last_endings="enko chuk yk uk ets ko".split(),
    first_endings="an ia ko ysa slav ar".split(),
)
_BG = _Pool(
    first=("Georgi Ivan Dimitar Maria Elena Nikolay Petar Yordanka Hristo Stoyan Todor Desislava Vasil Krasimir "
           "Radka Svetla Ivanka Plamen Atanas Tsvetan Rumen Milena Valentin Boyan Daniela Kiril Zornitsa Lyubomir").split(),
    last=_joined("Dimitr Petr Georgi Ivan Todor Stoyan Nikol Hrist Angel Ili Kolev Yord Atanas Mark Stef Vasil Kost "
                 "Pop Mih Tsvetk Rus Slav Bor Dragan Gench Zhel Kir Lazar Mlad Nedel",
                 "ov ev ski chev anov"),
    syllables="Bo Da Ge Hri Ko Lu Mi Ne Pe Ra Sto To Tsve Ve Zla Ya Ka Dra Bla Vla Sve Ru Mla Di Pla Gu Ze Si Ho Lo".split(),
    last_endings="ov ev anov inov chev".split(),
    first_endings="an ka ena or ko ina".split(),
)
_AL = _Pool(
    first=("Arben Erion Blerina Besnik Elira Ardit Fatmir Gentian Ilir Klodian Lindita Mirela Ndriçim Olsi "
           "Petrit Rezart Sokol Teuta Valbona Xhevdet Albana Dritan Edlira Florian Genti Jonida").split(),
    last=("Hoxha Shehu Leka Gjoka Krasniqi Berisha Dervishi Kola Marku Prifti Hysa Kelmendi Gashi Rama Meta Basha "
          "Çela Duka Lika Koci Muça Ndreu Pllumi Qosja Rexha Sula Tafa Vata Xhafa Zeneli Bushati Cani Dedja Elezi "
          "Fejzo Gjini Hasani Isufi Jashari Kurti Lleshi Mema Nika Osmani Pepa Ruci Sinani Troci Veliu Zyberi "
          "Agolli Bregu Demiri Frashëri Gega Hajdari Ibrahimi Kastrati Lala Mustafa").split(),
    middle=("Agim Bujar Fatos Gëzim Ismail Ramiz Shpëtim Xhemal Petrit Ylli").split(), middle_share=0.3,
    syllables="Ar Be Dri Fa Ge Ili Ko Le Ma Ne Pe Re Sho Te Va Xhe Zo Bu Da Ga Ha Ku Lu Mu Ra Gji Qa Shku Ve Ndo".split(),
    last_endings="aj i ja ku llari ni".split(),
    first_endings="an ina im ta ona et".split(),
)
_NG = _Pool(
    first=("Blessing Joy Precious Faith Gift Mercy Chinedu Emeka Favour Peace Chioma Ngozi Adaeze Ifeoma Osaze "
           "Efosa Osas Uyi Tunde Femi Bola Kemi Aisha Musa Ibrahim Grace Patience Godwin Sunday Victor Esther "
           "Osagie Nosa Amaka Obinna Ikenna Ebere").split(),
    last=("Okafor Eze Adeyemi Nwosu Obi Okoro Edo Osagie Igbinosa Ogbeide Omoregie Aigbe Ehigiator Osayande "
          "Iyamu Uwaifo Okonkwo Nnamdi Chukwu Ibe Onyeka Ugwu Nwachukwu Anyanwu Okeke Adebayo Ogunleye Balogun "
          "Olawale Akande Bello Yusuf Abubakar Danjuma Ekpo Etim Bassey Udoh Akpan Ojo Oni Ayodele Falana Idowu "
          "Obaseki Ize Enabulele Ekhator Oviasu Imasuen Asemota Idahosa Izevbigie Eweka Omorogbe Agbonlahor "
          "Iyoha Usman Lawal").split(),
    middle=("Chioma Nosa Osas Ese Ada Uche Efe Nneka Osaro Itohan Oghogho Eki Ivie Omo").split(), middle_share=0.5,
    syllables="A Chi E I Nne O Osa Uche Ife Obi Ada Ngo Eme Ike Olu Ade Ayo Fe Ola To Ugo Ke Nna Efe Ose Ira Ebo Ama Uzo Oko".split(),
    last_endings="nna ke du gbe ye mi kwu rie".split(),
    first_endings="ma bu ka ye la ro".split(),
)
_VN = _Pool(
    first=("Linh Minh Thu Hung Lan Tuan Mai Duc Hoa Huong Anh Dung Hai Long Nam Phuong Quang Son Thanh Trang "
           "Trung Vy Yen Khanh Hieu Ngoc Thao Bao Cuong Dat Giang Hang Kien Loan Nga Nhung Phong Quynh Tam Xuan").split(),
    last=("Nguyen Tran Le Pham Hoang Vu Phan Truong Bui Dang Do Ngo Ho Duong Dinh Dao Ly Mai Cao Luong Trinh "
          "Lam Ha Ta Quach Tong").split(),
    middle=("Van Thi Duc Minh Ngoc Thanh Quoc Huu Xuan Kim Hoang Bao Gia Dinh Anh Thu Hong Phuong").split(),
    middle_share=0.95, family_first=True,
)
_PH = _Pool(
    first=("Maria Jose Angelica Mark Kristine John Jerome Rowena Marites Rodel Jennifer Michael Rhea Arnel Joy "
           "Ramil Liza Edwin Lorna Rommel Cherry Noel Grace Ryan Marlon Divina Jocelyn Ronaldo Analyn Dennis").split(),
    last=("Santos Reyes Cruz Bautista Garcia Mendoza Torres Flores Gonzales Ramos Villanueva Aquino Castillo "
          "Rivera Fernandez Lopez Morales Navarro Pascual Salazar Soriano Tolentino Valdez Aguilar "
          "Manalo Dizon Mercado Lim Tan Robles Domingo Javier Padilla Ocampo Gutierrez Mariano Enriquez Samson "
          "Cabrera Vergara Lacson Macaraeg Tiongson Panganiban Magbanua Dimaculangan Sison Alcantara").split(),
    middle=("Santos Reyes Cruz Bautista Garcia Mendoza Torres Flores Ramos Aquino Castillo Rivera Lopez Valdez "
            "Manalo Dizon Mercado Domingo Javier Ocampo").split(), middle_share=0.6,
    syllables="Ba Ca Da Ga La Ma Na Pa Sa Ta Va Vi Ro Lu Mo Qui Ri To Bu Dio Fe Gu Ja Me Ne Pi Ti Al Es Il".split(),
    last_endings="ngco yan no ral das ta".split(),
    first_endings="a o ito ina el".split(),
)
_NO = _Pool(
    first=("Ola Kari Lars Ingrid Jonas Sofie Henrik Marte Erik Nora Per Silje Jan Anne Bjørn Hilde Geir Tone "
           "Knut Liv Tor Randi Morten Kristin Espen Camilla Trond Ida Rune Marit Øyvind Hanne Magnus Emma Sindre "
           "Thea Anders Maja Kjetil Line").split(),
    last=("Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen "
          "Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund "
          "Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken "
          "Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård Bakke "
          "Kristensen Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen").split(),
)
_EN = _Pool(
    first=("James Emily Michael Sarah David Jessica Daniel Laura Robert Hannah John Mary William Elizabeth "
           "Thomas Emma Richard Olivia Joseph Sophie Charles Grace Christopher Lucy Matthew Amy Andrew Rachel "
           "Paul Rebecca Mark Chloe Steven Megan Kevin Katie").split(),
    last=("Smith Johnson Brown Taylor Wilson Clarke Walker Wright Martin Young Jones Williams Davies Evans "
          "Thomas Roberts Robinson Thompson White Hughes Edwards Green Hall Wood Harris Lewis Jackson Turner "
          "Hill Moore Cooper Ward Morris King Watson Harrison Morgan Baker Allen Bell Scott Miller Davis Garcia "
          "Rodriguez Anderson Lee Perez Sanchez Ramirez Torres Nguyen Campbell Parker Collins Stewart Murphy").split(),
)

POOLS: dict[str, _Pool] = {"NO": _NO, "NG": _NG, "VN": _VN, "PH": _PH, "EN": _EN, "RO": _RO, "MD": _RO,
                           "UA": _UA, "BG": _BG, "AL": _AL}


def draw_name(rng: random.Random, country: str) -> str:
    """A name of someone from `country` (English-speaking names for the others)."""
    return POOLS.get(country, _EN).draw(rng)
