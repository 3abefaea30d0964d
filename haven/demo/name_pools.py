"""Pools of given and family names by origin, each drawn with Zipf-like weights: the synthetic
people of the national-size data (``demo.scale``) and of the matching benchmarks
(``bench/synthetic_people.py``) take their names from here. Names only: how agencies
misspell or transliterate them is the benchmark's own."""

import bisect
import itertools
import random
from collections.abc import Sequence


def words(text: str) -> tuple[str, ...]:
    """The words of a text, in order."""
    return tuple(text.split())


class Pool:
    """Values drawn with Zipf-like weights: the first value is the most common."""

    def __init__(self, values: Sequence[str], exponent: float = 1.0) -> None:
        self.values = tuple(values)
        weights = [1.0 / (rank + 1) ** exponent for rank in range(len(self.values))]
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        target = rng.random() * self.cumulative[-1]
        return self.values[bisect.bisect_left(self.cumulative, target)]


BRITISH_BOYS = words(
    """oliver jack harry george noah charlie jacob alfie freddie oscar leo thomas james
william joshua daniel samuel ethan lewis mason liam tyler kai riley callum connor jake kyle ryan
luke max archie logan dylan joseph michael matthew adam benjamin alexander nathan jayden aiden
reece owen finley bradley jordan shane dean christopher harvey toby louie theo arthur henry
edward frankie ronnie tommy billy sonny elliot jenson zachary rhys ellis cameron declan"""
)
BRITISH_GIRLS = words(
    """olivia amelia isla ava mia ivy lily isabella sophia grace emily ella poppy evie
chloe jessica sophie ruby charlotte katie lucy megan holly hannah leah amy lauren ellie abigail
caitlin courtney jade paige shannon chelsea bethany rebecca natasha kayleigh danielle nicole
georgia millie freya maisie scarlett rosie phoebe summer molly catherine victoria elizabeth
jennifer eleanor alice darcey harper willow florence evelyn matilda esme erin layla"""
)
BRITISH_FAMILIES = words(
    """smith jones williams taylor brown davies evans wilson thomas johnson roberts
robinson thompson wright walker white edwards hughes green hall lewis harris clarke patel jackson
wood turner martin cooper hill ward morris moore clark lee king baker harrison morgan allen james
scott phillips watson davis parker price bennett young griffiths mitchell kelly cook carter
richardson bailey collins bell shaw murphy miller cox richards khan marshall anderson simpson
ellis adams singh begum wilkinson foster chapman powell webb rogers gray mason hunt hussain
campbell matthews owen palmer holmes mills barnes knight lloyd butler russell barker fisher
stevens jenkins murray dixon harvey graham pearson fletcher walsh kaur gibson howard andrews
stewart elliott reynolds saunders payne fox ford pearce day brooks west lawrence cole atkinson
bradley spencer gill dawson ball burton o'brien watts rose booth perry ryan grant wells armstrong
francis rees hayes hart hudson newman barrett webster hunter gregory carr lowe page marsh riley
dunn woods parsons berry stone reid holland hawkins harding porter robertson newton oliver reed
kennedy williamson bird gardner shah dean lane cooke bates henderson parry burgess bishop walton
burns nicholson shepherd ross cross long freeman warren nicholls hamilton byrne sutton mcdonald
yates hodgson robson curtis hopkins o'connor harper coleman watkins moss mccarthy chambers
o'neill griffin sharp hardy wheeler potter osborne johnston gordon doyle wallace george jordan
hutchinson rowe burke may pritchard gilbert willis higgins read miles stevenson stephenson
hammond arnold buckley walters hewitt barber nelson slater austin sullivan whitehead mann frost
lambert stephens blake akhtar lynch goodwin barton woodward thomson cunningham quinn barnett
baxter bibi clayton nash greenwood jennings holt kemp poole gallagher bond stokes tucker davidson
fowler heath norman middleton lawson banks french stanley jarvis gibbs ferguson hayward carroll
douglas dickinson todd barlow peters lucas knowles hartley miah simmons morton field morrison
norris townsend preston hancock thornton baldwin burrows briggs storey pike rahman smart warner
bowen coates whittaker kirk ashton sanderson farrell hurst brennan gough lord howe jacobs
mcgregor garner oakley bentley pollard tomlinson hargreaves"""
)
ARABIC_BOYS = words(
    """muhammad ahmed ali omar mahmoud mustafa hassan hussein ibrahim abdullah yusuf
khalid karim hamza bilal tariq walid zakaria suleiman idris ismail abdulrahman osman amir anas
ayman bashar fadi firas jamal majid nabil omran rami samir wael ziad adam yasin ammar hadi mazen
salah taha qasim zaid faris hamid rashid nasser saeed jaber murad hisham"""
)
ARABIC_GIRLS = words(
    """fatima aisha mariam zainab khadija amina noor layla sara huda hana rana dima reem
lina yasmin salma rania jana malak hiba asma dalia ghada rahaf shahed batoul razan"""
)
ARABIC_FAMILIES = words(
    """al-hassan al-ali ibrahim mohammed ahmed hussein abdullah khalil haddad nasser
saleh mansour hamdan yousef othman jaber darwish khoury suleiman ismail omar mahmoud hamid
al-ahmad al-khatib al-masri al-najjar al-tamimi al-sayed abbas karim rashid osman idris adam
elamin elhassan abdelrahman babiker musa al-obeidi al-jubouri al-rubaie el-sheikh hamad
abdelaziz salih yagoub"""
)
VIETNAMESE_FAMILIES = words(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh lam mai trinh"
)
VIETNAMESE_BOYS = words(
    """anh minh hung tuan long nam duc hieu hai khoa phuc quang thanh trung vinh
huy son dung binh hoang tam thang phong kien cuong dat toan quan tai lam khanh bao"""
)
VIETNAMESE_GIRLS = words(
    """lan linh huong mai trang hoa thao ngoc anh hanh nhung phuong thu yen hang
van my nga giang ha thuy tuyet vy nhi chi diep loan"""
)
VIETNAMESE_MIDDLE_BOYS = words("van duc minh quoc huu thanh cong dinh xuan")
VIETNAMESE_MIDDLE_GIRLS = words("thi ngoc thu kim thanh bich my")
ALBANIAN_BOYS = words(
    """arben dritan besnik ermal gentian klodian arjan fatjon erion elvis endrit
kristi mario ardit altin bledar ilir artan edmond gjergj redon enea alban dorian kevin flamur
leotrim valon blerim agim skender shpetim sokol luan ergys xhuljano aleksander jurgen andi
eljon"""
)
ALBANIAN_GIRLS = words(
    """elira besa drita mimoza arta blerta jonida anisa klea ajla era sara ana kejsi
sindi fjona eni xhensila dea rea"""
)
ALBANIAN_FAMILIES = words(
    """hoxha shehu gjoka dervishi leka krasniqi berisha gashi morina bajrami kola
prifti marku gjini dushku cela hasani rama basha muca meta dibra bregu lika halili xhafa brahimi
ismaili zeqiri kastrati gjergji lleshi kaja kryeziu mehmeti sula topalli veliu zeneli hysa"""
)
ERITREAN_BOYS = words(
    """yonas robel mehari tesfaye filmon daniel samuel yohannes abraham michael
semere yemane kidane berhane haile tekle girmay aron natnael biniam dawit efrem habtom merhawi
mussie okbay sirak teklom tsegay weldu yosief amanuel henok eyob kibrom fikru goitom hagos
tewolde medhanie"""
)
ERITREAN_GIRLS = words(
    """senait helen selam rahel saba luwam winta hiwet semhar yordanos feven eden
ruth mekdes tsega freweini lidia hanna meron selamawit aster azieb bisrat"""
)
ERITREAN_FAMILIES = words(
    """gebremariam ghebremedhin haile tekle kidane berhane mehari weldemichael
gebreyesus tesfamariam habte asmerom ghirmay andemariam zerai woldu fessehaye mebrahtu negash
araya tsegai tesfay"""
)
AFGHAN_BOYS = words(
    """ahmad mohammad ali hamid rahim karim jawad sayed wahid farid naveed omid sohail
zaher nazir shafiq hasib fawad mustafa hussain bashir jamshid rahmat samiullah habib idris khalid
najib obaid ramin mirwais"""
)
AFGHAN_GIRLS = words(
    """fatima zahra maryam parwana shabnam mursal nazanin farzana laila soraya zarghuna
mahbooba"""
)
AFGHAN_FAMILIES = words(
    """ahmadzai popal karimi rahimi hashimi safi stanikzai mohammadi hussaini sultani
noori rezaei amiri haidari sadat khan wardak niazi yousufzai jalali azizi hakimi nazari qaderi
sharifi mansoori barakzai durrani samadi akbari"""
)
ROMANIAN_BOYS = words(
    """andrei alexandru ionut stefan mihai gabriel florin adrian cristian daniel marius
bogdan vlad razvan constantin gheorghe nicolae iulian sorin ciprian"""
)
ROMANIAN_GIRLS = words(
    """maria elena ioana andreea alexandra diana cristina gabriela roxana bianca
denisa larisa alina georgiana florentina"""
)
ROMANIAN_FAMILIES = words(
    """popescu ionescu popa pop radu dumitru stan stoica gheorghe matei ciobanu rusu
munteanu constantin lazar florea dinu mihai serban moldovan ion tudor marin barbu nistor badea
cojocaru oprea dobre sandu"""
)
NIGERIAN_BOYS = words(
    """chinedu emeka oluwaseun tunde femi ifeanyi chukwuemeka obinna segun kunle
ayodele babatunde ikenna uchenna nnamdi david daniel samuel emmanuel joshua"""
)
NIGERIAN_GIRLS = words(
    """chioma ngozi adaeze funmilayo blessing precious favour ifeoma amaka temitope
folake yetunde esther grace mercy"""
)
NIGERIAN_FAMILIES = words(
    """okafor adeyemi okonkwo eze nwosu adebayo ogunleye okeke obi balogun afolabi
chukwu nwachukwu olaniyan oyelaran ibrahim bello usman abubakar okoro onyeka adewale akinola
ogundipe olawale"""
)
UKRAINIAN_BOYS = words(
    """oleksandr mykola serhiy andriy dmytro yuriy volodymyr viktor maksym artem
bohdan denys ivan taras vladyslav"""
)
UKRAINIAN_GIRLS = words(
    """olena tetiana yulia kateryna mariia anastasiia sofiia daria iryna natalia
oksana viktoriia alina polina khrystyna"""
)
UKRAINIAN_FAMILIES = words(
    """shevchenko kovalenko bondarenko tkachenko kravchenko melnyk boyko
kovalchuk oliynyk shevchuk polishchuk lysenko marchenko rudenko savchenko petrenko moroz pavlenko
levchenko kharchenko"""
)
