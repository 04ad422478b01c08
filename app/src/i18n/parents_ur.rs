//! The parents' pages in Urdu (اردو), right to left. Keys are the English strings as written in
//! the app; see `mod.rs`. A parent is addressed as آپ throughout; names, codes, phone numbers and
//! web addresses stay as written. The frame's words (settings, language) are the pupils' table's,
//! repeated here so the parents' bundle carries only its own table.

pub const TABLE: &[(&str, &str)] = &[
    // The frame around every page.
    ("Kite home", "Kite کا پہلا صفحہ"),
    ("Skip to the page", "صفحے پر جائیں"),
    ("Language", "زبان"),
    ("Settings", "سیٹنگز"),
    ("How Kite looks and sounds", "Kite کیسا دکھتا اور سنائی دیتا ہے"),
    ("Done", "ہو گیا"),
    ("Text size", "حروف کا سائز"),
    ("Letters", "حروف"),
    ("Usual letters", "عام حروف"),
    ("Easy-read letters", "آسانی سے پڑھے جانے والے حروف"),
    ("Colours", "رنگ"),
    ("Usual colours", "عام رنگ"),
    ("Strong contrast", "تیز کنٹراسٹ"),
    ("Read each page aloud by itself", "ہر صفحہ خود بخود پڑھ کر سنائیں"),
    ("On", "چالو"),
    ("Off", "بند"),
    ("Normal", "عام"),
    ("Big", "بڑا"),
    ("Bigger", "اور بڑا"),
    ("Slow", "آہستہ"),
    ("Quick", "تیز"),
    ("Reading speed", "پڑھنے کی رفتار"),
    ("This is how fast I will read.", "میں اتنی تیزی سے پڑھوں گا۔"),
    // Signing in.
    ("For parents and carers", "والدین اور سرپرستوں کے لیے"),
    (
        "Your child's school uses Kite to teach children how to stay safe online. With the code from the school's letter you can read and sign your child's online safety agreement, choose where photos of your child may be used, and see what their class is learning.",
        "آپ کے بچے کا اسکول Kite کے ذریعے بچوں کو انٹرنیٹ پر محفوظ رہنا سکھاتا ہے۔ اسکول کے خط والے کوڈ سے آپ اپنے بچے کا آن لائن حفاظت کا معاہدہ پڑھ کر دستخط کر سکتے ہیں، چن سکتے ہیں کہ آپ کے بچے کی تصویریں کہاں استعمال ہو سکتی ہیں، اور دیکھ سکتے ہیں کہ اس کی کلاس کیا سیکھ رہی ہے۔",
    ),
    ("Enter your code", "اپنا کوڈ لکھیں"),
    (
        "For your child's privacy you were signed out after a while. Please enter your code again.",
        "آپ کے بچے کی رازداری کے لیے کچھ دیر بعد آپ کو سائن آؤٹ کر دیا گیا۔ براہ کرم اپنا کوڈ دوبارہ لکھیں۔",
    ),
    (
        "The code on your letter (12 letters and numbers)",
        "آپ کے خط پر لکھا کوڈ (12 حروف اور ہندسے)",
    ),
    ("Type the code from your letter.", "اپنے خط والا کوڈ لکھیں۔"),
    ("Open my child's page", "میرے بچے کا صفحہ کھولیں"),
    (
        "Lost your letter, or has someone else seen your code? Ask the school office for a new letter: the old code then stops working.",
        "خط کھو گیا، یا کسی اور نے آپ کا کوڈ دیکھ لیا؟ اسکول کے دفتر سے نیا خط مانگیں: پھر پرانا کوڈ کام نہیں کرے گا۔",
    ),
    ("Opening your child's page\u{2026}", "آپ کے بچے کا صفحہ کھل رہا ہے\u{2026}"),
    ("Loading\u{2026}", "لوڈ ہو رہا ہے\u{2026}"),
    // A family's children.
    ("{name}'s page", "{name} کا صفحہ"),
    ("Sign out", "سائن آؤٹ"),
    ("Your children", "آپ کے بچے"),
    ("Add another child", "ایک اور بچہ شامل کریں"),
    (
        "Another child at this school? Type the code from their letter to see their page here too.",
        "کیا اس اسکول میں آپ کا ایک اور بچہ بھی ہے؟ اس کے خط والا کوڈ لکھیں، تو اس کا صفحہ بھی یہیں نظر آئے گا۔",
    ),
    ("The code on their letter", "اس بچے کے خط پر لکھا کوڈ"),
    ("Add this child", "یہ بچہ شامل کریں"),
    ("On this page", "اس صفحے پر"),
    ("The agreement", "معاہدہ"),
    ("This half-term", "یہ آدھا ٹرم"),
    ("Guides", "رہنمائی"),
    ("Raise a concern", "فکر بتائیں"),
    // The agreements.
    ("What {name} agrees to at school", "{name} اسکول میں کن باتوں پر راضی ہے"),
    (
        "{name} reads these with their teacher and signs them on the class tablet.",
        "{name} یہ باتیں اپنے استاد کے ساتھ پڑھتا ہے اور کلاس کے ٹیبلٹ پر دستخط کرتا ہے۔",
    ),
    (
        "The school hasn't published this yet. Please come back to this page in a few days.",
        "اسکول نے یہ ابھی شائع نہیں کیا۔ براہ کرم چند دن بعد یہ صفحہ دوبارہ دیکھیں۔",
    ),
    ("The home-school agreement", "گھر اور اسکول کا معاہدہ"),
    (
        "Signed by {name} on {date}. Thank you for talking it through together.",
        "{name} نے {date} کو دستخط کیے۔ مل کر بات کرنے کا شکریہ۔",
    ),
    (
        "You can sign once the school has published both agreements.",
        "جب اسکول دونوں معاہدے شائع کر دے، تب آپ دستخط کر سکتے ہیں۔",
    ),
    ("Please type your name.", "براہ کرم اپنا نام لکھیں۔"),
    (
        "Please talk it through with your child first, then tick the box.",
        "پہلے اپنے بچے سے اس پر بات کریں، پھر خانے پر نشان لگائیں۔",
    ),
    ("Sign it together", "مل کر دستخط کریں"),
    (
        "{name} signed an earlier version on {date}. The school has updated it since: please read it again and sign.",
        "{name} نے {date} کو پچھلے ورژن پر دستخط کیے تھے۔ اسکول نے اسے بدل دیا ہے: براہ کرم دوبارہ پڑھیں اور دستخط کریں۔",
    ),
    (
        "Read the agreement with {name}, talk about what it means at home, then sign below.",
        "{name} کے ساتھ معاہدہ پڑھیں، بات کریں کہ گھر میں اس کا کیا مطلب ہے، پھر نیچے دستخط کریں۔",
    ),
    ("Your name", "آپ کا نام"),
    (
        "We have talked about it together, {name} and I.",
        "میں نے اور {name} نے مل کر اس پر بات کر لی ہے۔",
    ),
    (
        "Signed by {name} on {date}, for your family.",
        "{name} نے {date} کو آپ کے خاندان کی طرف سے دستخط کیے۔",
    ),
    (
        "The school asks every family to sign this. You sign it once: it counts for each of your children on these pages.",
        "اسکول ہر خاندان سے اس پر دستخط کرنے کو کہتا ہے۔ آپ ایک ہی بار دستخط کریں: یہ ان صفحات پر آپ کے ہر بچے کے لیے شمار ہوگا۔",
    ),
    (
        "{name} signs this at school on the class tablet. Read it together, talk about what it means at home, then sign below.",
        "{name} اسکول میں کلاس کے ٹیبلٹ پر اس پر دستخط کرتا یا کرتی ہے۔ اسے مل کر پڑھیں، بات کریں کہ گھر پر اس کا کیا مطلب ہے، پھر نیچے دستخط کریں۔",
    ),
    ("Show the latest version", "تازہ ترین ورژن دکھائیں"),
    ("Sign the agreement", "معاہدے پر دستخط کریں"),
    // Photos.
    (
        "Permissions",
        "اجازتیں",
    ),
    (
        "{name} is in {class} at {school}. Here you can read the agreement {name} signs at school, sign it with them, answer the school's permissions (photos, the website, the internet), and see what the class has been learning.",
        "{name} کلاس {class} میں ہے، {school}۔ یہاں آپ وہ معاہدہ پڑھ سکتے ہیں جس پر {name} اسکول میں دستخط کرتا ہے، اس کے ساتھ دستخط کر سکتے ہیں، اسکول کی مانگی گئی اجازتوں (تصویریں، ویب سائٹ، انٹرنیٹ) کا جواب دے سکتے ہیں، اور دیکھ سکتے ہیں کہ کلاس کیا سیکھ رہی ہے۔",
    ),
    (
        "The school asks your permission for these. Choose yes or no for {name}. You can change your mind at any time, and a change counts straight away.",
        "اسکول ان باتوں کے لیے آپ کی اجازت مانگتا ہے۔ {name} کے لیے ہاں یا نہیں چنیں۔ آپ کسی بھی وقت اپنی رائے بدل سکتے ہیں، اور تبدیلی فوراً لاگو ہوتی ہے۔",
    ),
    (
        "Not answered yet, so the school treats it as no for {name}.",
        "ابھی جواب نہیں دیا گیا، اس لیے اسکول {name} کے لیے اسے نہیں سمجھتا ہے۔",
    ),
    (
        "Yes, since {date}.",
        "ہاں، {date} سے۔",
    ),
    (
        "No, since {date}.",
        "نہیں، {date} سے۔",
    ),
    (
        "From the paper form you handed in.",
        "اس کاغذی فارم سے جو آپ نے اسکول میں جمع کرایا۔",
    ),
    ("Yes", "ہاں"),
    ("No", "نہیں"),
    (
        "Saved: \u{201c}{answer}\u{201d}. The school's records show it now.",
        "محفوظ ہو گیا: \u{201c}{answer}\u{201d}۔ اب یہ اسکول کے ریکارڈ میں نظر آتا ہے۔",
    ),
    // This half-term.
    ("What the class is learning", "کلاس کیا سیکھ رہی ہے"),
    ("Autumn term, first half", "خزاں کا ٹرم، پہلا حصہ"),
    ("Autumn term, second half", "خزاں کا ٹرم، دوسرا حصہ"),
    ("Spring term, first half", "بہار کا ٹرم، پہلا حصہ"),
    ("Spring term, second half", "بہار کا ٹرم، دوسرا حصہ"),
    ("Summer term, first half", "گرمیوں کا ٹرم، پہلا حصہ"),
    ("Summer term, second half", "گرمیوں کا ٹرم، دوسرا حصہ"),
    (
        "{term}: no online safety lessons recorded for {name}'s class yet. They will appear here after the class has done one.",
        "{term}: {name} کی کلاس کا آن لائن حفاظت کا کوئی سبق ابھی درج نہیں۔ کلاس کا پہلا سبق ہونے کے بعد یہاں نظر آئے گا۔",
    ),
    (
        "{term}: the lessons {name}'s class has done, with something to talk about at home.",
        "{term}: {name} کی کلاس کے سبق، اور گھر میں بات کرنے کے لیے کچھ باتیں۔",
    ),
    (
        "Getting the lessons ready\u{2026}",
        "اسباق تیار ہو رہے ہیں\u{2026}",
    ),
    (
        "The lessons didn't load. Check this device is connected, then try again.",
        "اسباق نہیں کھلے۔ دیکھیں کہ یہ آلہ انٹرنیٹ سے جڑا ہے، پھر دوبارہ کوشش کریں۔",
    ),
    (
        "Try again",
        "دوبارہ کوشش کریں",
    ),
    ("Try asking:", "یہ پوچھ کر دیکھیں:"),
    // The school's own news (and its guides, with the short guides below).
    ("News from the school", "اسکول کی خبریں"),
    ("Published {date}", "{date} کو شائع ہوا"),
    // Short guides.
    ("Short guides", "مختصر رہنمائی"),
    ("Setting up parental controls", "والدین کے کنٹرول لگانا"),
    (
        "Controls help, but talking helps more. A few minutes now is worth it:",
        "کنٹرول مدد کرتے ہیں، لیکن بات چیت زیادہ مدد کرتی ہے۔ ابھی چند منٹ لگانا فائدہ مند ہے:",
    ),
    (
        "Home broadband: most providers offer free family filters. Sign in to your account, or call them, and switch them on.",
        "گھر کا انٹرنیٹ: زیادہ تر کمپنیاں مفت فیملی فلٹر دیتی ہیں۔ اپنے اکاؤنٹ میں جا کر یا انہیں فون کر کے انہیں چالو کریں۔",
    ),
    (
        "Phones and tablets: iPhone and iPad have Screen Time (in Settings); Android has Google Family Link. You can set an age limit for apps, approve downloads and set a bedtime.",
        "فون اور ٹیبلٹ: iPhone اور iPad میں Screen Time ہے (Settings میں)؛ Android میں Google Family Link ہے۔ آپ ایپس کے لیے عمر کی حد لگا سکتے ہیں، ڈاؤن لوڈ کی اجازت دے سکتے ہیں اور سونے کا وقت مقرر کر سکتے ہیں۔",
    ),
    (
        "Games consoles: Xbox, PlayStation and Nintendo each have a family or parental settings app. You can limit chat with strangers and spending.",
        "گیم کنسول: Xbox، PlayStation اور Nintendo سب کی فیملی سیٹنگز والی ایپ ہے۔ آپ اجنبیوں سے چیٹ اور خرچ کو محدود کر سکتے ہیں۔",
    ),
    (
        "Apps and games: look in each one's settings for privacy, chat and purchases. Set accounts to private.",
        "ایپس اور گیمز: ہر ایک کی سیٹنگز میں رازداری، چیٹ اور خریداری دیکھیں۔ اکاؤنٹس کو پرائیویٹ رکھیں۔",
    ),
    (
        "Keep devices in shared rooms for younger children, and agree together when screens go off.",
        "چھوٹے بچوں کے آلات گھر کے مشترکہ کمرے میں رکھیں، اور مل کر طے کریں کہ اسکرین کب بند ہو گی۔",
    ),
    ("Age ratings: PEGI and app stores", "عمر کی درجہ بندی: PEGI اور ایپ اسٹور"),
    (
        "Games sold in the UK carry a PEGI rating: 3, 7, 12, 16 or 18. It says what a game contains, not how hard it is. Small pictures on the box say why (for example violence, bad language, or in-game purchases).",
        "برطانیہ میں بکنے والی گیمز پر PEGI درجہ ہوتا ہے: 3، 7، 12، 16 یا 18۔ یہ بتاتا ہے کہ گیم میں کیا ہے، یہ نہیں کہ گیم کتنی مشکل ہے۔ ڈبے پر چھوٹی تصویریں وجہ بتاتی ہیں (مثلاً تشدد، بری زبان، یا گیم کے اندر خریداری)۔",
    ),
    (
        "App stores show their own age ratings on each app's page. Check them before you say yes to a download.",
        "ایپ اسٹور ہر ایپ کے صفحے پر اپنی عمر کی درجہ بندی دکھاتے ہیں۔ ڈاؤن لوڈ کی اجازت دینے سے پہلے اسے دیکھ لیں۔",
    ),
    (
        "Most social media apps are for age 13 and over. Games with open chat let children talk to people they don't know.",
        "زیادہ تر سوشل میڈیا ایپس 13 سال اور اس سے بڑی عمر کے لیے ہیں۔ کھلی چیٹ والی گیمز میں بچے اجنبیوں سے بات کر سکتے ہیں۔",
    ),
    (
        "A rating is a starting point: try the game or app yourself, or play it together.",
        "درجہ بندی صرف شروعات ہے: گیم یا ایپ خود آزما کر دیکھیں، یا مل کر کھیلیں۔",
    ),
    ("How to report a worry", "فکر کی اطلاع کیسے دیں"),
    ("If a child is in danger now, call 999.", "اگر کوئی بچہ ابھی خطرے میں ہے تو 999 پر فون کریں۔"),
    (
        "If someone online is talking to your child in a way that worries you (asking for photos, to meet up, or to keep secrets), report it to CEOP at ceop.police.uk. Keep the messages: take screenshots, don't delete them. One exception: never screenshot, save or forward a nude or semi-nude picture of a child, even to report it. Tell CEOP, the police or the school what you saw instead, and they will deal with the picture.",
        "اگر انٹرنیٹ پر کوئی آپ کے بچے سے ایسے بات کرے جس سے آپ کو فکر ہو (تصویریں مانگے، ملنے کو کہے، یا راز رکھنے کو کہے) تو ceop.police.uk پر CEOP کو اطلاع دیں۔ پیغامات سنبھال کر رکھیں: اسکرین شاٹ لیں، انہیں مٹائیں نہیں۔ ایک استثنا: کسی بچے کی برہنہ یا نیم برہنہ تصویر کا کبھی اسکرین شاٹ نہ لیں، اسے محفوظ نہ کریں اور آگے نہ بھیجیں، اطلاع دینے کے لیے بھی نہیں۔ اس کے بجائے CEOP، پولیس یا اسکول کو بتائیں کہ آپ نے کیا دیکھا، وہ تصویر کا خیال رکھیں گے۔",
    ),
    (
        "Children can talk to Childline, free, any time, on 0800 1111 or at childline.org.uk.",
        "بچے Childline سے مفت، کسی بھی وقت بات کر سکتے ہیں (انگریزی میں): 0800 1111 یا childline.org.uk۔",
    ),
    (
        "Tell the school: use \u{201c}Raise a concern\u{201d} below, or speak to the school's designated safeguarding lead (DSL).",
        "اسکول کو بتائیں: نیچے \u{201c}فکر بتائیں\u{201d} استعمال کریں، یا اسکول کے بچوں کی حفاظت کے ذمہ دار (DSL) سے بات کریں۔",
    ),
    (
        "Use the report button in the app or game too, and block the person.",
        "ایپ یا گیم میں رپورٹ کا بٹن بھی استعمال کریں، اور اس شخص کو بلاک کر دیں۔",
    ),
    // Raising a concern.
    ("Raise a concern with the school", "اسکول کو اپنی فکر بتائیں"),
    ("If a child is in danger now, call", "اگر کوئی بچہ ابھی خطرے میں ہے تو فون کریں"),
    (
        "If the school needs to know today, phone the school office as well.",
        "اگر اسکول کو آج ہی معلوم ہونا ضروری ہے تو اسکول کے دفتر کو بھی فون کریں۔",
    ),
    (
        "Thank you. The school's safeguarding lead has your message and will follow it up. If you gave your details, they will contact you, usually within a school day.",
        "شکریہ۔ اسکول کے بچوں کی حفاظت کے ذمہ دار کو آپ کا پیغام مل گیا ہے اور وہ اس پر کارروائی کریں گے۔ اگر آپ نے اپنی تفصیل دی ہے تو وہ عام طور پر ایک اسکول کے دن کے اندر آپ سے رابطہ کریں گے۔",
    ),
    (
        "Your message goes to the school's designated safeguarding lead (DSL) and their deputies, and no one else. They read every message, decide what to do, and keep a record, as the school's safeguarding policy says.",
        "آپ کا پیغام صرف اسکول کے بچوں کی حفاظت کے ذمہ دار (DSL) اور ان کے نائبین کو جاتا ہے، کسی اور کو نہیں۔ وہ ہر پیغام پڑھتے ہیں، طے کرتے ہیں کہ کیا کرنا ہے، اور اسکول کی حفاظتی پالیسی کے مطابق ریکارڈ رکھتے ہیں۔",
    ),
    ("What is worrying you?", "آپ کو کس بات کی فکر ہے؟"),
    ("Please write what is worrying you.", "براہ کرم لکھیں کہ آپ کو کس بات کی فکر ہے۔"),
    (
        "Please add your name, so the school knows who to talk to.",
        "براہ کرم اپنا نام لکھیں، تاکہ اسکول کو معلوم ہو کہ کس سے بات کرنی ہے۔",
    ),
    (
        "A phone number or email, so they can reply (optional)",
        "جواب کے لیے فون نمبر یا ای میل (اختیاری)",
    ),
    (
        "The school will see your name, {name}'s name and class.",
        "اسکول آپ کا نام، اور {name} کا نام اور کلاس دیکھے گا۔",
    ),
    (
        "The school won't know who sent this, so they can't reply to you or check how things are. If you can, please leave your name.",
        "اسکول کو معلوم نہیں ہو گا کہ یہ کس نے بھیجا، اس لیے وہ آپ کو جواب نہیں دے سکے گا اور حال نہیں پوچھ سکے گا۔ اگر ہو سکے تو اپنا نام لکھ دیں۔",
    ),
    (
        "Send without my name or my child's name",
        "میرے نام اور میرے بچے کے نام کے بغیر بھیجیں",
    ),
    ("Send to the school", "اسکول کو بھیجیں"),
    // Help, at the foot of every page.
    ("Help now", "ابھی مدد"),
    ("If a child is in danger", "اگر کوئی بچہ خطرے میں ہو"),
    ("In an emergency, call", "ہنگامی حالت میں فون کریں"),
    (
        "Worried about online sexual abuse or the way someone is talking to a child online? Report it to CEOP:",
        "انٹرنیٹ پر جنسی زیادتی، یا کوئی کسی بچے سے جس طرح بات کر رہا ہے، اس کی فکر ہے؟ CEOP کو اطلاع دیں:",
    ),
    (
        "Children can talk to Childline, free, any time:",
        "بچے Childline سے مفت، کسی بھی وقت بات کر سکتے ہیں (انگریزی میں):",
    ),
    ("or", "یا"),
    // The school's survey for families.
    ("Please answer at least one question.", "براہ کرم کم از کم ایک سوال کا جواب دیں۔"),
    (
        "Thank you. Your answers help the school keep children safe online.",
        "شکریہ۔ آپ کے جوابات اسکول کو بچوں کو آن لائن محفوظ رکھنے میں مدد دیتے ہیں۔",
    ),
    (
        "The school would like to hear from you. Answer what you like; your name isn't kept with your answers, and the school sees only totals.",
        "اسکول آپ کی رائے جاننا چاہتا ہے۔ جتنے سوالوں کا چاہیں جواب دیں؛ آپ کا نام آپ کے جوابات کے ساتھ محفوظ نہیں کیا جاتا، اور اسکول صرف کل تعداد دیکھتا ہے۔",
    ),
    ("Send my answers", "میرے جوابات بھیجیں"),
];
