//! The parents' pages in Polish (polski). Keys are the English strings as written in the app; see
//! `mod.rs`. Written so that a child's name never needs a case ending (it stays as the school
//! wrote it: "Strona: Amira", not a declined form), and to a parent as "you" without assuming
//! whether they are a mother or a father; where a past tense can't be avoided, both forms show.
//! The frame's words (settings, language) are the pupils' table's, repeated here so the parents'
//! bundle carries only its own table.

pub const TABLE: &[(&str, &str)] = &[
    // The frame around every page.
    ("Kite home", "Kite – strona główna"),
    ("Skip to the page", "Przejdź do strony"),
    ("Language", "Język"),
    ("Settings", "Ustawienia"),
    ("How Kite looks and sounds", "Jak Kite wygląda i brzmi"),
    ("Done", "Gotowe"),
    ("Text size", "Wielkość liter"),
    ("Letters", "Litery"),
    ("Usual letters", "Zwykłe litery"),
    ("Easy-read letters", "Litery łatwe do czytania"),
    ("Colours", "Kolory"),
    ("Usual colours", "Zwykłe kolory"),
    ("Strong contrast", "Mocny kontrast"),
    ("Read each page aloud by itself", "Czytaj każdą stronę na głos"),
    ("On", "Włączone"),
    ("Off", "Wyłączone"),
    ("Normal", "Zwykle"),
    ("Big", "Duże"),
    ("Bigger", "Większe"),
    ("Slow", "Wolno"),
    ("Quick", "Szybko"),
    ("Reading speed", "Szybkość czytania"),
    ("This is how fast I will read.", "Tak szybko będę czytać."),
    // Signing in.
    ("For parents and carers", "Dla rodziców i opiekunów"),
    (
        "Your child's school uses Kite to teach children how to stay safe online. With the code from the school's letter you can read and sign your child's online safety agreement, choose where photos of your child may be used, and see what their class is learning.",
        "Szkoła Twojego dziecka uczy z Kite, jak bezpiecznie korzystać z internetu. Z kodem z listu ze szkoły możesz przeczytać i podpisać umowę dziecka o bezpieczeństwie w internecie, zdecydować, gdzie można pokazywać zdjęcia dziecka, i zobaczyć, czego uczy się jego klasa.",
    ),
    ("Enter your code", "Wpisz swój kod"),
    (
        "For your child's privacy you were signed out after a while. Please enter your code again.",
        "Dla prywatności dziecka po pewnym czasie nastąpiło wylogowanie. Wpisz kod jeszcze raz.",
    ),
    (
        "The code on your letter (12 letters and numbers)",
        "Kod z Twojego listu (12 liter i cyfr)",
    ),
    ("Type the code from your letter.", "Wpisz kod z listu."),
    ("Open my child's page", "Otwórz stronę mojego dziecka"),
    (
        "Lost your letter, or has someone else seen your code? Ask the school office for a new letter: the old code then stops working.",
        "List zginął albo ktoś inny widział Twój kod? Poproś sekretariat szkoły o nowy list: stary kod przestanie wtedy działać.",
    ),
    ("Opening your child's page\u{2026}", "Otwieram stronę dziecka\u{2026}"),
    ("Loading\u{2026}", "Ładowanie\u{2026}"),
    // A family's children.
    ("{name}'s page", "Strona: {name}"),
    ("Sign out", "Wyloguj się"),
    ("Your children", "Twoje dzieci"),
    ("Add another child", "Dodaj kolejne dziecko"),
    (
        "Another child at this school? Type the code from their letter to see their page here too.",
        "Masz w tej szkole jeszcze jedno dziecko? Wpisz kod z jego listu, a jego strona też pojawi się tutaj.",
    ),
    ("The code on their letter", "Kod z listu tego dziecka"),
    ("Add this child", "Dodaj to dziecko"),
    ("On this page", "Na tej stronie"),
    ("The agreement", "Umowa"),
    ("This half-term", "Ten półsemestr"),
    ("Guides", "Poradniki"),
    ("Raise a concern", "Zgłoś niepokój"),
    // The agreements.
    ("What {name} agrees to at school", "Na co {name} zgadza się w szkole"),
    (
        "{name} reads these with their teacher and signs them on the class tablet.",
        "{name} czyta te zasady z nauczycielem i podpisuje je na klasowym tablecie.",
    ),
    (
        "The school hasn't published this yet. Please come back to this page in a few days.",
        "Szkoła jeszcze tego nie opublikowała. Wróć na tę stronę za kilka dni.",
    ),
    ("The home-school agreement", "Umowa między domem a szkołą"),
    (
        "Signed by {name} on {date}. Thank you for talking it through together.",
        "Podpis: {name}, {date}. Dziękujemy za wspólną rozmowę.",
    ),
    (
        "You can sign once the school has published both agreements.",
        "Możesz podpisać, gdy szkoła opublikuje obie umowy.",
    ),
    ("Please type your name.", "Wpisz swoje imię i nazwisko."),
    (
        "Please talk it through with your child first, then tick the box.",
        "Najpierw porozmawiaj o tym z dzieckiem, potem zaznacz pole.",
    ),
    ("Sign it together", "Podpiszcie razem"),
    (
        "{name} signed an earlier version on {date}. The school has updated it since: please read it again and sign.",
        "Podpis: {name}, {date}, pod wcześniejszą wersją. Szkoła ją od tego czasu zmieniła: przeczytaj ją jeszcze raz i podpisz.",
    ),
    (
        "Read the agreement with {name}, talk about what it means at home, then sign below.",
        "Przeczytaj umowę z dzieckiem ({name}), porozmawiajcie, co oznacza w domu, a potem podpisz poniżej.",
    ),
    ("Your name", "Twoje imię i nazwisko"),
    (
        "We have talked about it together, {name} and I.",
        "Rozmowa o tym z dzieckiem ({name}) jest za nami.",
    ),
    (
        "Signed by {name} on {date}, for your family.",
        "Podpis: {name}, {date}, w imieniu całej rodziny.",
    ),
    (
        "The school asks every family to sign this. You sign it once: it counts for each of your children on these pages.",
        "Szkoła prosi każdą rodzinę o podpisanie tego dokumentu. Podpisujesz go raz: podpis obowiązuje dla każdego dziecka na tych stronach.",
    ),
    (
        "{name} signs this at school on the class tablet. Read it together, talk about what it means at home, then sign below.",
        "Dziecko ({name}) podpisuje to w szkole na tablecie klasowym. Przeczytajcie to razem, porozmawiajcie, co oznacza w domu, a potem podpisz poniżej.",
    ),
    ("Show the latest version", "Pokaż najnowszą wersję"),
    ("Sign the agreement", "Podpisz umowę"),
    // Photos.
    (
        "Permissions",
        "Zgody",
    ),
    (
        "{name} is in {class} at {school}. Here you can read the agreement {name} signs at school, sign it with them, answer the school's permissions (photos, the website, the internet), and see what the class has been learning.",
        "{name} – klasa {class}, {school}. Tutaj możesz przeczytać umowę, którą dziecko ({name}) podpisuje w szkole, podpisać ją razem z nim, odpowiedzieć na prośby szkoły o zgodę (zdjęcia, strona internetowa, internet) i zobaczyć, czego uczy się klasa.",
    ),
    (
        "The school asks your permission for these. Choose yes or no for {name}. You can change your mind at any time, and a change counts straight away.",
        "Szkoła prosi o Twoją zgodę na te sprawy. Wybierz „tak” lub „nie” dla dziecka ({name}). Możesz zmienić zdanie w każdej chwili, a zmiana obowiązuje od razu.",
    ),
    (
        "Not answered yet, so the school treats it as no for {name}.",
        "Brak odpowiedzi, więc szkoła traktuje to jako „nie” dla dziecka ({name}).",
    ),
    (
        "Yes, since {date}.",
        "Tak, od {date}.",
    ),
    (
        "No, since {date}.",
        "Nie, od {date}.",
    ),
    (
        "From the paper form you handed in.",
        "Z papierowego formularza, który został oddany w szkole.",
    ),
    ("Yes", "Tak"),
    ("No", "Nie"),
    (
        "Saved: \u{201c}{answer}\u{201d}. The school's records show it now.",
        "Zapisano: \u{201e}{answer}\u{201d}. Szkoła już to widzi w swoich danych.",
    ),
    // This half-term.
    ("What the class is learning", "Czego uczy się klasa"),
    ("Autumn term, first half", "Semestr jesienny, pierwsza połowa"),
    ("Autumn term, second half", "Semestr jesienny, druga połowa"),
    ("Spring term, first half", "Semestr wiosenny, pierwsza połowa"),
    ("Spring term, second half", "Semestr wiosenny, druga połowa"),
    ("Summer term, first half", "Semestr letni, pierwsza połowa"),
    ("Summer term, second half", "Semestr letni, druga połowa"),
    (
        "{term}: no online safety lessons recorded for {name}'s class yet. They will appear here after the class has done one.",
        "{term}: klasa dziecka ({name}) nie ma jeszcze zapisanych lekcji o bezpieczeństwie w internecie. Pojawią się tutaj po pierwszej lekcji.",
    ),
    (
        "{term}: the lessons {name}'s class has done, with something to talk about at home.",
        "{term}: lekcje, które odbyła klasa dziecka ({name}), i o czym porozmawiać w domu.",
    ),
    (
        "Getting the lessons ready\u{2026}",
        "Przygotowujemy lekcje\u{2026}",
    ),
    (
        "The lessons didn't load. Check this device is connected, then try again.",
        "Lekcje się nie wczytały. Sprawdź, czy urządzenie ma połączenie, i spróbuj jeszcze raz.",
    ),
    (
        "Try again",
        "Spróbuj jeszcze raz",
    ),
    ("Try asking:", "Zapytaj:"),
    // The school's own news (and its guides, with the short guides below).
    ("News from the school", "Aktualności ze szkoły"),
    ("Published {date}", "Opublikowano {date}"),
    // Short guides.
    ("Short guides", "Krótkie poradniki"),
    ("Setting up parental controls", "Jak ustawić kontrolę rodzicielską"),
    (
        "Controls help, but talking helps more. A few minutes now is worth it:",
        "Ustawienia pomagają, ale rozmowa pomaga bardziej. Warto poświęcić na to kilka minut:",
    ),
    (
        "Home broadband: most providers offer free family filters. Sign in to your account, or call them, and switch them on.",
        "Internet domowy: większość dostawców ma darmowe filtry rodzinne. Włącz je na swoim koncie albo zadzwoń do dostawcy.",
    ),
    (
        "Phones and tablets: iPhone and iPad have Screen Time (in Settings); Android has Google Family Link. You can set an age limit for apps, approve downloads and set a bedtime.",
        "Telefony i tablety: iPhone i iPad mają Czas przed ekranem (w Ustawieniach), Android ma Google Family Link. Możesz ustawić limit wieku dla aplikacji, zatwierdzać pobieranie i ustawić porę snu.",
    ),
    (
        "Games consoles: Xbox, PlayStation and Nintendo each have a family or parental settings app. You can limit chat with strangers and spending.",
        "Konsole: Xbox, PlayStation i Nintendo mają aplikacje z ustawieniami rodzinnymi. Możesz ograniczyć czat z nieznajomymi i wydatki.",
    ),
    (
        "Apps and games: look in each one's settings for privacy, chat and purchases. Set accounts to private.",
        "Aplikacje i gry: sprawdź w ustawieniach każdej z nich prywatność, czat i zakupy. Ustaw konta jako prywatne.",
    ),
    (
        "Keep devices in shared rooms for younger children, and agree together when screens go off.",
        "Młodsze dzieci niech korzystają z urządzeń we wspólnym pokoju. Ustalcie razem, kiedy wyłączacie ekrany.",
    ),
    ("Age ratings: PEGI and app stores", "Oznaczenia wiekowe: PEGI i sklepy z aplikacjami"),
    (
        "Games sold in the UK carry a PEGI rating: 3, 7, 12, 16 or 18. It says what a game contains, not how hard it is. Small pictures on the box say why (for example violence, bad language, or in-game purchases).",
        "Gry sprzedawane w Wielkiej Brytanii mają oznaczenie PEGI: 3, 7, 12, 16 lub 18. Mówi ono, co jest w grze, a nie jak trudna jest gra. Małe obrazki na pudełku mówią dlaczego (na przykład przemoc, wulgarny język albo zakupy w grze).",
    ),
    (
        "App stores show their own age ratings on each app's page. Check them before you say yes to a download.",
        "Sklepy z aplikacjami pokazują własne oznaczenia wiekowe na stronie każdej aplikacji. Sprawdź je, zanim zgodzisz się na pobranie.",
    ),
    (
        "Most social media apps are for age 13 and over. Games with open chat let children talk to people they don't know.",
        "Większość mediów społecznościowych jest od 13 lat. W grach z otwartym czatem dzieci mogą rozmawiać z nieznajomymi.",
    ),
    (
        "A rating is a starting point: try the game or app yourself, or play it together.",
        "Oznaczenie to dopiero początek: wypróbuj grę lub aplikację sam(a) albo zagrajcie razem.",
    ),
    ("How to report a worry", "Jak zgłosić niepokój"),
    ("If a child is in danger now, call 999.", "Jeśli dziecku grozi teraz niebezpieczeństwo, dzwoń pod 999."),
    (
        "If someone online is talking to your child in a way that worries you (asking for photos, to meet up, or to keep secrets), report it to CEOP at ceop.police.uk. Keep the messages: take screenshots, don't delete them. One exception: never screenshot, save or forward a nude or semi-nude picture of a child, even to report it. Tell CEOP, the police or the school what you saw instead, and they will deal with the picture.",
        "Jeśli ktoś w internecie rozmawia z Twoim dzieckiem w niepokojący sposób (prosi o zdjęcia, o spotkanie albo o zachowanie tajemnicy), zgłoś to do CEOP na ceop.police.uk. Zachowaj wiadomości: zrób zrzuty ekranu, nie usuwaj ich. Jeden wyjątek: nigdy nie rób zrzutu ekranu, nie zapisuj i nie przesyłaj nagiego ani półnagiego zdjęcia dziecka, nawet żeby to zgłosić. Zamiast tego powiedz CEOP, policji albo szkole, co widzisz, a oni zajmą się zdjęciem.",
    ),
    (
        "Children can talk to Childline, free, any time, on 0800 1111 or at childline.org.uk.",
        "Dzieci mogą porozmawiać z Childline (po angielsku), za darmo, o każdej porze: 0800 1111 lub childline.org.uk.",
    ),
    (
        "Tell the school: use \u{201c}Raise a concern\u{201d} below, or speak to the school's designated safeguarding lead (DSL).",
        "Powiedz szkole: użyj poniżej \u{201e}Zgłoś niepokój\u{201d} albo porozmawiaj ze szkolnym opiekunem ds. ochrony dzieci (DSL).",
    ),
    (
        "Use the report button in the app or game too, and block the person.",
        "Użyj też przycisku zgłaszania w aplikacji lub grze i zablokuj tę osobę.",
    ),
    // Raising a concern.
    ("Raise a concern with the school", "Zgłoś niepokój szkole"),
    ("If a child is in danger now, call", "Jeśli dziecku grozi teraz niebezpieczeństwo, dzwoń pod"),
    (
        "If the school needs to know today, phone the school office as well.",
        "Jeśli szkoła musi wiedzieć jeszcze dziś, zadzwoń też do sekretariatu.",
    ),
    (
        "Thank you. The school's safeguarding lead has your message and will follow it up. If you gave your details, they will contact you, usually within a school day.",
        "Dziękujemy. Szkolny opiekun ds. ochrony dzieci ma Twoją wiadomość i się nią zajmie. Jeśli podasz swoje dane, skontaktuje się z Tobą, zwykle w ciągu dnia szkolnego.",
    ),
    (
        "Your message goes to the school's designated safeguarding lead (DSL) and their deputies, and no one else. They read every message, decide what to do, and keep a record, as the school's safeguarding policy says.",
        "Twoja wiadomość trafia tylko do szkolnego opiekuna ds. ochrony dzieci (DSL) i jego zastępców. Czytają każdą wiadomość, decydują, co zrobić, i prowadzą zapis, tak jak mówią szkolne zasady ochrony dzieci.",
    ),
    ("What is worrying you?", "Co Cię niepokoi?"),
    (
        "Please write what is worrying you.",
        "Napisz, co Cię niepokoi.",
    ),
    (
        "Please add your name, so the school knows who to talk to.",
        "Dodaj swoje imię i nazwisko, żeby szkoła wiedziała, z kim rozmawiać.",
    ),
    (
        "A phone number or email, so they can reply (optional)",
        "Telefon lub e-mail do odpowiedzi (nieobowiązkowo)",
    ),
    (
        "The school will see your name, {name}'s name and class.",
        "Szkoła zobaczy Twoje imię i nazwisko oraz imię i klasę dziecka ({name}).",
    ),
    (
        "The school won't know who sent this, so they can't reply to you or check how things are. If you can, please leave your name.",
        "Szkoła nie będzie wiedziała, kto to wysłał, więc nie odpowie i nie sprawdzi, jak się sprawy mają. Jeśli możesz, podaj swoje imię i nazwisko.",
    ),
    (
        "Send without my name or my child's name",
        "Wyślij bez mojego imienia i bez imienia dziecka",
    ),
    ("Send to the school", "Wyślij do szkoły"),
    // Help, at the foot of every page.
    ("Help now", "Pomoc teraz"),
    ("If a child is in danger", "Jeśli dziecku grozi niebezpieczeństwo"),
    ("In an emergency, call", "W nagłym wypadku dzwoń pod"),
    (
        "Worried about online sexual abuse or the way someone is talking to a child online? Report it to CEOP:",
        "Martwisz się wykorzystywaniem seksualnym w internecie albo tym, jak ktoś rozmawia z dzieckiem w sieci? Zgłoś to do CEOP:",
    ),
    (
        "Children can talk to Childline, free, any time:",
        "Dzieci mogą porozmawiać z Childline (po angielsku), za darmo, o każdej porze:",
    ),
    ("or", "lub"),
    // The school's survey for families.
    ("Please answer at least one question.", "Prosimy odpowiedzieć na co najmniej jedno pytanie."),
    (
        "Thank you. Your answers help the school keep children safe online.",
        "Dziękujemy. Państwa odpowiedzi pomagają szkole dbać o bezpieczeństwo dzieci w internecie.",
    ),
    (
        "The school would like to hear from you. Answer what you like; your name isn't kept with your answers, and the school sees only totals.",
        "Szkoła chciałaby poznać Państwa zdanie. Można odpowiedzieć tylko na wybrane pytania; imię i nazwisko nie jest zapisywane z odpowiedziami, a szkoła widzi tylko sumy.",
    ),
    ("Send my answers", "Wyślij odpowiedzi"),
];
