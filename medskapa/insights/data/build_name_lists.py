"""Rebuild the name lists that masking reads (``firstnames.txt``, ``surnames.txt``,
``name_words.txt``). Run by hand when the lists should grow; the output is committed, nothing
is downloaded at run time.

Sources (none is a runtime dependency):

- the first and last names of Faker's Latin-script locales (``pip install --target DIR faker``),
  which carry the common given names and surnames of each country, among them Sweden, the
  Nordic countries, Bosnia/Croatia/Serbia, Turkey, Poland, Pakistan, Nigeria, Algeria;
- the names below, compiled for Medskapa: SCB's most common first names and surnames in Sweden
  and given names common among newcomers (Arabic, Somali, Persian/Dari, Kurdish, Tigrinya and
  Amharic, Bosnian, Pashto …) in the Latin spellings Swedish registers use;
- ``name_words.txt``: names that are also ordinary words, from Debian's ``wswedish`` word list
  (``apt-get download wswedish``) and the English words young people mix into Swedish
  (``ENGLISH_WORDS`` below), so that "ek", "sten" or "björk" in a normal sentence is not
  masked. A full English dictionary is not used: it holds "amir" and hundreds of other names.

Usage: ``python build_name_lists.py FAKER_DIR SWEDISH_WORDS``.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-žȘșȚțḤḥ'-]{2,20}$")

FAKER_LOCALES = [
    "sv_SE",
    "da_DK",
    "no_NO",
    "fi_FI",
    "is_IS",
    "de_DE",
    "de_AT",
    "en_US",
    "en_GB",
    "en_IE",
    "en_PK",
    "en_IN",
    "en_NG",
    "en_KE",
    "fr_FR",
    "fr_DZ",
    "es_ES",
    "it_IT",
    "pt_PT",
    "nl_NL",
    "pl_PL",
    "cs_CZ",
    "sk_SK",
    "sl_SI",
    "hr_HR",
    "hu_HU",
    "ro_RO",
    "tr_TR",
    "az_AZ",
    "uz_UZ",
    "et_EE",
    "lt_LT",
    "lv_LV",
    "sw",
    "ha_NG",
    "yo_NG",
    "ig_NG",
    "id_ID",
]

SWEDISH_FIRST = """
Alice Alicia Agnes Alma Astrid Ebba Ella Elsa Ellie Freja Hedda Iris Julia Leah Lilly Maja
Nova Olivia Saga Selma Signe Stella Vera Wilma Ines Elvira Alva Klara Ester Ellen Emilia Sara
Ida Tyra Thea Lea Molly Nellie Juni Edith Lova Greta Linnea Liv Hanna Tilde Matilda Elin Elise
Anna Eva Maria Karin Kristina Lena Kerstin Ingrid Marie Birgitta Inger Ulla Elisabeth Margareta
Linnéa Helena Susanne Camilla Johanna Sofia Malin Emma Åsa Annika Cecilia Jenny Jessica Therese
Lina Frida Amanda Josefin Moa Felicia Ronja Tindra Tuva Vilma Elina Siri Nora Märta Majken
Lovisa Elvina Meja Svea Elsie Emelie Isabelle Isabella Lykke Minna Mira Nathalie Ebbe
William Liam Noah Hugo Lucas Oliver Adam Elias Matteo Alexander Leo Charlie Oscar Theo Ludvig
Vincent Harry Nils Alfred Arvid Sixten Viggo Olle Melvin Edvin Love Frans Axel Valter Malte
Isak Erik Karl Lars Anders Johan Per Nils Jan Carl Mikael Hans Peter Thomas Daniel Fredrik
Bengt Bo Sven Magnus Stefan Mats Andreas Björn Martin Mattias Jonas Gustav Kent Göran Ulf
Leif Kjell Rolf Lennart Tommy Håkan Jörgen Joakim Henrik Patrik Niklas Tobias Robin Emil Filip
Anton Linus Simon Marcus Jakob Viktor Albin Sebastian Rasmus Jesper Kevin Jonathan David
Gabriel Samuel Benjamin Casper Melker Sigge Elton Loke Colin Aron Otto Wilmer Ture Tage Vidar
Sam Tim Milo Ebbe Bror Julius Vilgot Wilhelm August Einar Folke Helmer Ivar Knut Birger
"""

SWEDISH_SURNAMES = """
Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson
Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson
Lindström Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson
Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin Engström Eklund Danielsson
Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström Samuelsson Isaksson Fransson Bergqvist
Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist Claesson Nordström Mårtensson
Lundström Viklund Björklund Eliasson Pålsson Berggren Sandström Lund Nordin Ström Åberg
Hermansson Ekström Holmgren Sundberg Hedlund Dahlberg Hellström Sjögren Abrahamsson Falk
Martinsson Öberg Andreasson Strömberg Månsson Hansen Åkesson Dahl Lindholm Norberg Holmqvist
Jakobsson Sundström Johnsson Nilsson Ek Sten Lindahl Nordqvist Ahlberg Blom Lilja Sjöstrand
Borg Lundh Wiklund Forsman Ekberg Hedberg Strand Nyman Sundqvist Bäckström Östlund Åström
Söderström Hägglund Ljung Lindblom Backman Grahn Kjellberg Engberg Hägg Westin Jonasson
Ali Mohammed Ahmed Hassan Hussein Ibrahim Abdi Omar Mahmoud Yusuf Warsame Farah Osman
Abdullahi Hosseini Ahmadi Mohammadi Rezaei Karimi Jafari Rahimi Haidari Hashemi Sultani
Tesfaye Gebremedhin Haile Kidane Berhe Tekle Gebre Tsegay Yilmaz Kaya Demir Celik Sahin
Hodžić Hadžić Begić Delić Kovačević Mehmedović Hasanović Ibrahimović Husić Alić Muratović
Nowak Kowalski Wiśniewski Jovanović Petrović Nikolić Ismail Salah Abdallah Khalil Saleh
Mustafa Aziz Qasim Rashid Haddad Nasser Jama Hersi Dirie Aden Nur Muse Egal Barre Guled
Amini Moradi Akbari Sadeghi Azizi Noori Habibi Safi Popal Stanikzai Barzani Talabani Zebari
"""

# Given names common among newcomers to Sweden, in Latin spelling (several per origin).
NEWCOMER_FIRST = """
Amir Amira Ahmad Ahmed Ahmet Ali Aliya Alaa Abdullah Abdulrahman Abdul Abdi Abdirahman
Abdirizak Abdikarim Abdiaziz Abdinasir Abdiwali Abdulaziz Abdulkadir Abdulla Adan Aden Adnan
Afra Aisha Aishah Ayesha Akram Alan Alia Amal Amani Amina Aminah Amna Anas Anwar Arman Aryan
Arash Aram Ardalan Arezoo Ariana Armin Asad Asma Aso Ayaan Ayan Ayman Ayub Aziz Azadeh
Bahar Bakhtiyar Bashir Basim Batool Bayan Bilal Bushra Baran Barzan Bahoz Berivan Bijan
Chiya Chnar Dalia Dana Darius Daryoush Dawit Dilan Dildar Diyar Dunya Dalal Delal Dersim
Ebrahim Elaheh Elham Eman Emad Esra Essa Ezra Fadi Fahad Fahima Faisal Farah Farhad Farid
Farida Fariba Farzana Fatima Fatma Fatemeh Fawzia Firas Filmon Fiyori Ghazal Ghulam Goli
Habib Hadi Hafsa Haider Hajar Hala Halima Hamid Hamza Hana Hani Harun Hasan Hassan Hawa
Hawre Haydar Helin Hiba Hibo Hodan Hoda Hossein Huda Hussein Hussain Ibrahim Idris Ilham
Ilyas Iman Imran Isra Ismail Jamal Jamila Jana Javad Jawad Jihad Jina Joudi Kamal Karim
Karwan Kawa Kazhal Khadija Khadra Khalid Khalil Kiana Kobra Layla Leila Lina Lujain Lamar
Mahdi Mahmoud Mahmud Majid Malak Malik Mariam Maryam Marwa Masoud Mehdi Mehmet Mina Mohamed
Mohammad Mohammed Mohamud Muhammad Mona Morteza Mostafa Muna Murad Musa Mustafa Nabil Nadia
Nadir Naima Najib Najma Nasir Nasim Nasrin Nawal Nazanin Nesrin Nima Nour Noor Nur Nura
Omar Osman Parisa Parwin Qasim Rahim Rahma Rami Rania Rashid Rawan Reza Rezan Rojin Rona
Ruqaya Saad Sabah Sabrina Sadia Safa Sahar Said Saida Salah Saleh Salem Salim Salma Samir
Samira Sana Sara Sarah Sarwar Sayed Shadi Shahin Shirin Shilan Siamak Sina Soma Somaya Soran
Sultan Suleiman Sumaya Tahir Tara Tarek Tariq Yasin Yasmin Yara Yahya Yousef Youssef Yusuf
Zahra Zainab Zakaria Zana Zeinab Zeynep Zhino Ziad Zozan Zubair Zeyad Zaid Zayd Zakariya
Faadumo Fadumo Hamdi Hinda Ikran Ladan Maryan Nasra Sagal Sahra Sucaad Ubah Warsan Xawa
Yurub Ayanle Bashiir Cabdi Cali Faarax Guled Liban Mahad Nuradin Sharmarke Siad Warsame
Abrham Adhanom Aklilu Amanuel Berhane Dawit Eden Elsa Ermias Feven Filmon Gebre Habtom Haben
Helen Kibrom Luwam Merhawi Mussie Natnael Rahel Robel Selam Semhar Senait Tesfay Tsega Yonas
Yohannes Yordanos Winta Saba Semere Simret Senay Mebrat Meron Mehari Tekle Kidane Biniam
Aida Alen Almir Amela Amer Amra Armin Belma Damir Dino Edin Edina Elma Emina Emir Enes Haris
Harun Jasmin Jasmina Kenan Lejla Mirza Nedim Nermin Nihad Sabina Samra Selma Senad Suad
Tarik Vedad Zlatan Zlatko Zehra Adis Admir Anel Ajla Azra Dženan Ermin Mersiha Adela
Ahmadullah Ajmal Asadullah Bahram Baktash Farzad Hamidullah Hekmat Jawid Khalilullah Mirwais
Mujtaba Mursal Mustafa Najibullah Naweed Nawid Obaidullah Omid Parwiz Qadir Rahmatullah Sajad
Shafiq Shekib Sohrab Wahid Wais Zabihullah Zaki Zarmina Zarghona Zohal Zuhal Zhila Mohsen
Arian Arya Armaan Behrouz Dariush Ehsan Hamed Hooman Kaveh Kian Kourosh Mahsa Mahtab Maziar
Mehran Milad Mitra Niloufar Payam Pegah Pooya Ramin Roya Saeed Samin Sepideh Shayan Soheil
Taraneh Yasaman Yasna Ziba Behnam Bita Dorsa Mahan Parsa Setareh Shahram Sohail Yalda
Ayşe Emine Elif Hatice Merve Zehra Kübra Büşra Burak Emre Kerem Murat Yusuf Ömer Can Cem Deniz
Ece Eren Ege Kaan Mert Arda Berk Berat Efe Mustafa Hüseyin Hamit Özlem Sibel Serkan Volkan
Aleksandra Aleksander Agnieszka Katarzyna Krzysztof Łukasz Magdalena Małgorzata Piotr Tomasz
Wojciech Zofia Anastasia Dmitri Ivan Natalia Oksana Olena Svetlana Viktoria Vladimir Yulia
Andrii Bohdan Dmytro Mykola Oleksandr Olha Taras Yaroslav Iryna Kateryna Maksym Mariia Sofiia
Chinedu Chioma Emeka Ngozi Oluwaseun Tunde Kofi Kwame Ama Abena Amadou Aminata Fatou Mamadou
Moussa Ousmane Awa Ibrahima Lamin Binta Mariama Sekou Alpha Jallow Njie Khadijatou Isatou
Nguyen Linh Minh Thao Trang Huong Anh Duc Thi Lan Mai Hoa Hung Tuan Yen
Paw Htoo Naw Saw Eh Aung Thandar Hnin Myint Chaw
Rohullah Zahir Nazir Basir Farhan Irfan Rizwan Usman Zeeshan Ayesha Fariha Sana Mehwish
"""

# English words common in Swedish young people's writing that are also given names.
ENGLISH_WORDS = """
love hope will may june april august summer happy sunny chill nice cool fair grace joy faith
rose lily ruby mark bill rich frank chase hunter art ray pat sky star dawn eve holly ivy jade
pearl amber crystal king earl duke guy dean drew gene jack buck cash don rob sue rusty sandy
penny bob bud lucky angel baby honey sugar candy cherry daisy river storm rain snow autumn
winter spring sage max rex ace blue brown gray green white black young page cole hill wood
stone price lane north west ford hall may sun moon harmony melody destiny trinity journey
story unity liberty justice victory loyal noble royal brave true sweet cute pretty best
"""


def _names_of(faker_dir: Path, attribute: str) -> set[str]:
    sys.path.insert(0, str(faker_dir))
    names: set[str] = set()
    for locale in FAKER_LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ImportError:
            continue
        provider = module.Provider
        for attr in (attribute, attribute + "_male", attribute + "_female", attribute + "s"):
            value = getattr(provider, attr, None)
            if isinstance(value, dict):
                value = list(value)
            if isinstance(value, list | tuple):
                names.update(str(v) for v in value)
    return {n for n in names if LATIN.match(n) and n[0].isupper()}


def _words(path: Path, encoding: str) -> set[str]:
    lines = path.read_text(encoding=encoding).splitlines()
    return {line.strip() for line in lines if line.strip() and line.strip().islower()}


def main(faker_dir: str, swedish: str) -> None:
    first = _names_of(Path(faker_dir), "first_name") | set(SWEDISH_FIRST.split())
    first |= set(NEWCOMER_FIRST.split())
    first |= {
        line.strip()
        for line in (HERE / "firstnames_sv.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    last = _names_of(Path(faker_dir), "last_name") | set(SWEDISH_SURNAMES.split())
    last = {n for n in last if not n.endswith("-")}
    words = _words(Path(swedish), "latin-1") | set(ENGLISH_WORDS.split())
    also_words = sorted(n.casefold() for n in first | last if n.casefold() in words or len(n) <= 2)
    header = "# Built by build_name_lists.py; see its docstring for the sources.\n"
    for filename, names in (
        ("firstnames.txt", sorted(first, key=str.casefold)),
        ("surnames.txt", sorted(last, key=str.casefold)),
        ("name_words.txt", also_words),
    ):
        (HERE / filename).write_text(header + "\n".join(names) + "\n", encoding="utf-8")
        print(filename, len(names))


if __name__ == "__main__":
    main(*sys.argv[1:3])
