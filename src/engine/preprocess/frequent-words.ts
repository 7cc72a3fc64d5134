/**
 * The 5000 most frequent English words, most frequent first, for word segmentation (segment.ts):
 * the popularity order of npm package popular-english-words 1.0.2 (ISC; word counts over
 * Wikipedia text), keeping lowercase words that Debian's wamerican word list has, and of the one-
 * and two-letter ones only real words (a, i, of, in, to, …; not "pp", "mm", "ca"). Data, not
 * code: regenerate it the same way rather than editing by hand.
 */
export const FREQUENT_WORDS = `
the of in and to a is was on as for by that it with at he this from be an i not his are or which has but were
have also one page you no first they had made been who there their may should its after all she her new other
if discussion can would two more about such do when some time only into so during up then delete where out
than used most over link march born august please years will any what being these people between we following
many him like them further while see later name comments school part under just year edits well use debate
since work three known before my both state style film now through because group including user align city
same however became could second appropriate world above team articles keep subsequent your closed right until
modify left against states talk number center don series list album included several family redirect season
very united found company sources area below here history me played how even per won added released does each
national did south place result make called music best those another think section note support based way
former game member early much still four north high war good back links located own government university
around end notable song military general title public named book published said image show day long deletion
information due local house main last within held original home us comment major life different died club
began point small line single created band archive took get served town population source include again case
although received along international using without system members proposed station built age top century set
having given church west building player president though village category women large district few need
preserved order children species service find overlap archived take old times know country death research
according moved often final written media community third east off down john am version five edit every son
example party form class near games subject go others among site content art help father too project
established side road works text director career various why men record started background league play great
deleted french award never enough county million development total reason law thanks next days led might water
college political become seems rather late news head already either little editor important role similar
making came went white current better worked issue say file person free considered man story short live
students once produced period least black something power present business street river currently married
production reported king lead six done education press really football land term books users office program
wrote described division television change involved event together language position our want field common
level army data working park fact pages professional possible founded type going mentioned young court move
less available must someone full joined consensus central template add announced win video services lost taken
put region air run points significant instead author recorded review probably round open special official
editors policy far actually social seen returned via design request calculated board process question records
character originally start independent close wife opened look events elected release related listed continued
addition evidence issues areas love date away whether society itself radio reliable coverage island appeared
himself popular problem across western department council upon control appointed months able includes ratio
previous come modern teams references match track living appears course episode mother artist science featured
provide things usually shows force northern body songs developed sure players space refer red report formed
means nothing directed daughter read almost search association give act material playing despite police
minister removed human nominated construction post provided changed today race signed thus real none writing
stage southern coach personal professor study schools outside primary website debut throughout makes health
performed especially word groups features future designed etc view size sold training organization yet strong
completed championship clear multiple average anything ever studies light week username create needs range
cover eventually return reached action gave color changes forces countries interest museum magazine followed
previously half always writer chief topic got brother generally awarded thought committee rights hall
individual seven images largest sometimes past election performance particular stated collection block believe
leading private likely big killed politician active account union says label specific promoted idea additional
films reference finished placed perhaps rule whose lot merge soon fire simply competition standard edition let
model leader contains google mar replaced value night route low appear actor gold civil degree attack female
royal awards results front thing editing parts vote remained yes novel taking required summer sent quality
studio eastern prior uploaded ten rock problems china names middle car cases sports longer terms try words
singer agree officer quite seem tour bar aircraft network saw operations woman medical decided historical
eight complete overlaps meet lower saying behind beginning location lake japan bit vocals library true towards
recent capital noted brought producer copyright senior fourth earlier anyone limited mean management
characters nomination allowed industry access whole certain cannot guitar particularly systems tournament arts
festival attended ship categories child base railway cup online green student successful campaign genus higher
culture separate therefore technology movement regular introduced money artists needed approximately mostly
rest hours structure ground plays trying entire market status success matter sound practice claim numerous
buildings owned whom hand institute battle star winning uses legal commercial associated notice mark native
unit represented families decision units doing border companies web lack met hit covered famous net manager
overall staff response month initially looking natural accounts feel shown feature themselves hospital minor
attempt blue running property clearly length traditional medal leave call experience bridge test else movie
spent journal bank opinion row scope sea regional foundation majority runs annual care takes food energy bad
musical federal lived asked recording speedy recently deal meaning foreign intended selected finally executive
presented goal kind retired nature sense wiki stop conference ended mention lines supported starting index
adding opening raised studied comes claims understand directly appearance defeated blocked resolves master
entry tracks square plan fails wide room sun coast places scores turn launched weeks peak except governor
economic contract kingdom hill looks grand captain fair fine key preceding loss global seat winner older wrong
assistant hard becoming activities ran remains highest scored theory religious friend till matches minutes
claimed cultural caused newspaper trade secondary thank candidate unless oppose academic brown complex
subsequently allow plant larger actress meeting provides completely write historic stories gives effect
channel fall passed cause programs serving goals pass referred failed useful reasons theatre god operated
admin entered leaving competed numbers languages security friends tried chairman attention command notes
sister reviews rules wanted details parties municipality continue couple paper code suggest purpose computer
mainly creation shot gets format exist province relationship husband relevant nearly mountain financial
variety highly regarding knowledge basis fellow solid academy kept smith maybe operation silver mission
parents score valley focus projects male peter latter necessary albums formerly secretary votes reading nine
youth engineering forms map seasons victory sir individuals dead told goes believed increased software
function engine edited champion remaining table earth renamed amount expanded consider otherwise job lives
lists fight volume serve correct getting products direct helped composed cities simple face cast moving rate
figure accepted inside forced train increase voice rank immediately turned statement difficult bill declined
beyond questions hope picture commission ancient info cited poor miles judge stone ships consists remove
earned target van graduated stations ago featuring cross possibly displayed census digital primarily stars
mind navy product heart surface box chart offered acquired catholic criteria creating specifically concept
positive potential encyclopedia tell address alone check responsible sites certainly pretty discovered giving
dance elements branch era technical prime contributions existing host temple houses literature administration
situation carried width prize speed coming broadcast nor roman influence sentence letter suggested domain cut
hold administrative examples upper ask cost actual ones commander reporting acting conditions ability
additions marriage scientific extended owner internet nearby bay prominent basic becomes bass republic follows
justice reports parliament approach founder quickly airport dedicated dispute lies answer widely plans
direction income commonly mount singles soviet linked typically initial highway basketball contemporary
constructed girl mayor settlement managed spring context smaller scene critical issued types unknown troops
episodes tag mass photo bishop hotel piano sign argument fifth parent everything description improve politics
avoid produce dark flight heavy analysis publication physical participated external daily titles oil twice
engineer follow officially meets levels lord greater discuss teacher transferred importance merged queen
entirely activity fully involving bring junior vol efforts reach faith officers girls shortly solo composer
root establish nation leaves agreed remain soldiers castle males serves appearances display rural applied
publishing method easily marked standards everyone hosted copy territory equipment gallery normal prince piece
conflict forest effort worth effects split camp actions interested estate treatment build hits regiment sort
draft workers baseball resources campus alongside port attacks policies fixed residents firm crew drama
compared authority females painting parish concerns protection agreement assembly join largely grew count
copies tower poet roles meant hour arrived distance travel die providing unique double exactly elections
capacity creek wall guidelines organizations winter store brothers conducted championships alternative
expected forward tree resolution impact sections birth publications paid recognized exists martin islands
divided confirmed interview titled ways organized operating continues serious congress views drive growth
message combined versions leaders pay charge mixed deputy accept environment trial share offer educational
assigned posted defined planned revealed apparently identified housing understanding summary leadership
principal bottom offers clubs ice indeed urban advanced heard headquarters destroyed covers communities
purchased interesting laws peace flag journalist sales learning gained facilities allows wing existence
footballer supporting boy floor missing damage contact height ordered presence defense teaching relations farm
tells occurred accused difference sat prison adopted linear exhibition felt passing respectively buried sons
begins iii behavior feet stay representative receive platform boys figures starring lee wales memorial weak
showing honor grade affairs democratic captured transport fort taught declared break choice avenue materials
lady documentary morning distribution prevent unable granted polish weight concerning traffic concert
relatively stand letters median proper opposed industrial discussed draw windows empire guide growing attempts
theme connected connection reviewed percent marine positions critics saint promotion ministry formation
fighting blood inspired develop sport slightly opera models township refers definition alt inclusion
opposition musician translation households younger portion cars doctor estimated sorry nations resulted
contain religion situated spread surrounding origin ideas improved metal gas fields frequently bus reduced
statistics visit deep painter trust defeat ball easy explain sides lyrics resulting neutral oldest faculty
architecture champions pressure emperor expansion plants obtained valid scale chosen revert plus wood
extensive chance dates returning murder obvious passes memory machine wed drums save require purposes topics
inc exchange rose holds naval fish rationale ranked myself happy neither ban pop brand guest seats
introduction surname safety stadium planning beach gun crime facility jack squadron reserve risk animals
approved fell classes winners performances republican showed begin proposal anyway warning suffered apply arms
vice poetry villages agency electric joint happened literary allowing corps logo audience ends bronze mile
newly containing application falls medicine methods races false properties tools wars performing solution
succeeded object losing comedy price brief fans reverted pacific entertainment architect acts entitled unlike
historian battalion citations broken limit grant fiction contribution creator ref finish orchestra permanent
cell rename caught negative yellow designated achieved task ultimately pieces hands items represent rare
founding regions sourced propose authorities setting haven tradition effective attempted officials partner
templates secret billion calling option shared aired extremely sufficient promote finding garden translated
chapter writers keeping arrested contributed sounds sets personnel respect restored tom bought jazz agent
detail onto wins generation perform trains oxford equivalent subjects pilot gone worldwide candidates horse
senate core supply replace vandalism hot representing instance discussions readers towns economy determined
survey obviously concern derived settled holding institutions corporation focused racing challenge philosophy
advance tax license converted registered seeing incident bot changing sixth stands freedom identity golden
theater maximum somewhat plot finds talking step disease visited mentions environmental grounds investigation
fleet infantry programme requires sciences ending combat programming rise mine generate toward citizens asking
condition miss classical classic wants maps requirements weapons remember locations animal interior frank
moment graduate trees whatever internal shape suggests herself straight sex occurs closely refused receiving
cells scoring districts string communication household edge calls transfer indicate hockey voted yards visual
commissioned powerful screen municipal fought cat chair significantly minute learn card incorporated guard
commons aged protect rating northwest rich looked stating standing thousands failure publisher eye fashion
papers independence driver strongly closing advice recognition kill authors rugby vehicle lawyer describes
broke bands qualified zone arguments killing hook heritage southeast corner expressed sexual powers wish
speech determine violation developing abandoned railroad iron employed gov stuff retirement phase dropped
ahead educated starts offices funding aid doubt squad documents watch values structures apart flying cancer
functions contained eyes intelligence heavily typical launch concerned armed storm greatest adult guy
lieutenant entrance supreme enter credit enemy centuries carry protected spot vehicles steel occur extra
fictional administrator persons experienced criminal selection invited increasing equal attacked aware pair
injury thinking outstanding decades fame causes convention requested beat mobile birds domestic hi northeast
successfully pictures explained statements brigade engaged collected supposed leads welcome applications
biography consisted musicians ring criticism factory walls influenced occupied guess covering causing
additionally establishment reality error elementary huge escape super drug boat deleting institution seconds
glass gain banned formal spirit objects mix opportunity pattern paintings participate citation collaboration
streets manner submitted scheduled controversial reader briefly nice skills passenger heat comic progress sell
express fan interests wild speak facts default extension patients fund opposite maintained orders humans
composition temperature affected agricultural sector turns anniversary rail maintain roads scholar describe
hundred usage southwest weekly assume adapted mike forum contest personally duke stock blog substantial
violence colonel reduce advertising redirects resigned distinguished detailed regarded newspapers cemetery
scenes associate labor elsewhere removing employees hence producing rejected shift suspected refs regularly
sale flow charts benefit twelve tags switch churches foot residence print expert sample wind consisting fairly
installed palace trusted climate reaching funds creative tropical normally ceremony crown liberal cold broad
happen aspects novels frame assistance oh singing maria combination distinct consecutive mountains rear device
nuclear cricket inhabitants courses ready sought argued distributed neighborhood voting represents yard dog
speaking lands promotional fit script blocks bodies sentences merging ocean proved conservative chose actors
laid ensure observed motion representatives drawn mill teachers document updated homes visible notably joining
imperial automatically survived fast premier assumed thorough trained finishing scholars truth tool fix
reasonable decade techniques returns universities holy matters depending ethnic door guns session chapel
legend hundreds signal faced constitution definitely weather properly prove releases credited wikis learned
attached artillery self reviewer measure entries merely shop biggest premiered backing accident medieval
communications owners electronic path tagged roof significance hired expand zero baby relative resistance
compete choose density bringing stopped jersey helps adjacent bytes provincial controlled cite audio chemical
tries existed explanation physics membership moon article conduct injured temporary fuel phrase identify
investment strength loan studios stub indicates quick earliest encyclopedic listing senator directors column
concluded restaurant regardless window archives selling committed operate permission stores partnership
junction pick whilst referring poems ward paragraph collections perfect painted ruled files differences decide
designer suitable submission scheme maintenance honorary chain presidential continuing monitoring banks
besides attorney disc controversy contested appeal priest roughly quarter transportation alliance helping
chamber evening amateur productions monitored revolution strike flowers praised exact admins capture
passengers whereas businesses confederate contrast movies broadcasting participants claiming driving random
degrees vocal soccer depth responsibility finals operates marketing excellent unfortunately improvement duty
engines factor yourself meanwhile costs grow demand bell bird charges designs seventh suggestions helpful
photos gray assessed participation minimum element miller dictionary illegal factors raise goods recordings
businessman sequence critic beautiful agriculture routes budget essay brain addressed videos mode mathematics
residential considering measures abuse purchase grey processes supports discovery stages unusual admitted
reform reaction accurate ongoing quote photography prepared suggestion bob removal offensive licensed testing
regards advantage pointed fox charged flat camera competitions exception poem wait colonial threat counties
knew guitarist clean hills send safe victims constituency struck crossing shooting afterwards artistic journey
practices trip uncle finance storage pro severe attend corporate opinions rooms appearing favor portrait
formally willing branches essentially separated heads unlikely qualify circuit soldier activist trail twenty
genre popularity dating similarly filed debuted delivered input planet replacement ownership expression
carrying drawing extreme occasionally daughters universe treated phone damaged modified expect usual achieve
update devices venue alleged retained tend economics editorial downtown narrow replacing basically dry
reputation constant massive strategy tennis magic printed gender emergency accompanied regulations reign
indicated fighter arranged skin stood circle wounded mining technique deaths lane register indigenous capable
incumbent influential impossible acceptable involvement harry prose starred dated vision dream filled plane
speaker folk dean hair bachelor missed headed instruments rivers landing portal tony classified gay franchise
suspect seriously cycle ambassador leg putting repeated profile closer fail easier output bear communist
divisions effectively drop visiting offering orange tone extent furthermore mental slow childhood coastal
visitors sourcing hosts pool span courts flows waters belong meters medals gene possibility underground
nominations monument happens parallel aside item buy contribute successor credits cinema disagree compilation
mouth soul shall turkey federation imply duties noticed manufacturing referenced database guideline sock
thousand cabinet conservation confused somewhere greatly knows trouble dam interpretation clerk relation
principles ranking walk protein volumes perspective portrayed circumstances sky drew legislation lots
criticized studying rescue losses mainstream proof websites scientists familiar coal seek considerable warring
commentary max requests assessment log princess recommended principle attributed tests tied spoken components
amongst classification repeatedly khan motor conclusion tall experiences cards wings latest adults walker
legislative expedition tank necessarily bold approval empty symbol belongs fired consistent arrival insurance
comprehensive moves entering stayed turning blues merchant commissioner soundtrack alternate statue steps
landscape brick editions defeating widespread canal generated wooden formula applicable comics boundary
graduating peaked filmed asp extinct posts metropolitan scientist upload apparent colors medium achievement
celebrated suicide fly personality wave qualifying scholarship eleven writes surviving aviation appointment
arm absolutely hidden reply affiliated photographs competing relief absence restoration crisis partners
threatened holder sole fear hello decline satellite organ universal decisions rates email jobs executed lose
cousin immediate versus forming commented photographer instrumental golf seeking affect stream breaking acted
identical parliamentary historically fishing eliminated resident salt architectural discussing fun sisters
citing initiative encouraged viewed tribe concrete racial inner interviews wrestling renaming artwork markets
reads feed songwriter assist panel non anywhere charity hero describing descent hear movements prisoners
balance waiting applies snow signs texts soil wine evolution occupation experimental annually sculpture
increasingly colony surrounded attempting click voters regard borders knight denied terminal cathedral
elevation produces grown thread desire reflect stable networks researchers marks illustrated minority
employment nobody feeling disruptive pure relating options completion shore withdrawn practical rarely vessels
styles argue supporters signing intersection producers select plain invasion peer themes behalf defensive
fruit comparison bull kings sees partly electoral waste ages occasions establishing vast frequency
nevertheless friendly belief beauty secure representation essential vessel dealing battery rising soft
magazines treaty ford laboratory valuable posting integrated cape agencies accessible duo shares distinction
gate passage schedule telling talent improving demonstrated assuming seemed closure promoting summit volunteer
territories youngest athletes welsh surgery infrastructure ray chemistry industries centers literally donated
begun patient correctly adaptation hearing mid diffs crash encourage managing demolished prefer component
convinced electrical attracted eighth plenty pioneer spiritual volunteers evil clearer intention alive periods
rounds cable picked preferred benefits responded obtain operator segment meetings shell characteristics spend
totally worst publicly horses gardens birthday strange relationships trading strategic wider steam lasted
merger animated partially recipient coalition reporter orphaned frequent defending aim ruling allied diameter
agents inquiry customers improvements wonder implemented handle operational roots automatic weekend premiere
rapid clinical parks failing facing asks contributing fresh wedding spelling sessions parameter checked
requirement grandfather superior governments amendment suggesting protest contents rain wearing guilty adds
merit ride percentage erected rapidly resolve equipped channels ranks corresponding exercise retrieved
missions bible opportunities origins pain limits manual survive keyboards populations processing exclusively
concerts gang athletic opponents rev abroad giant sponsored injuries suspended rival theories reveals solar
violin revised struggle swimming crowd spaces falling instrument rated cavalry resolved suffering journals
spending objective hoax ridge sentenced manufacturer solutions restore spoke kids involves arena
internationally saved arrest traditionally explains resource borough focuses suit charter dangerous
enforcement potentially lay psychology implementation drugs thereafter mounted contributor decides demonstrate
pope variant tunnel technologies searching messages aimed bowl bias mechanical gradually procedure arrangement
jury server locally outer rice odd transition col colleges favorite engineers masters physician billboard
judges bound cancelled photograph bond revenue believes traveled trivial competitive driven instructions
convicted wear monastery participating choir dynasty publishers patterns platforms retail bomb legislature
commanded parameters bibliography remainder attending errors devoted mistake rebuilt historians shopping roll
aspect appreciate cooperation hole drummer feedback cool walking revision funded supplies respond confusion
settlements cash occasion percussion legs crimes reportedly bonus layer download continuous respective mixing
farmers tail assault fill defend longest ill lifetime nick eligible prod conflicts unclear signature talks
exposed tourism doubles patrol quoted tie destruction civilian athlete sum apartment drivers advocate
documented boundaries poster twin inappropriate departure padding characterized diverse warned extensively
acoustic forests partial tribute monthly fantasy indication tenure victim plate eldest essays enjoyed
legitimate experts connecting boats completing belonging ceased speakers electricity subdivision cheers lie
citizen touring subsidiary unnecessary manage seed incorrect acid columns assets irrelevant restricted bush
throne initiated worse copyrighted conductor connections identification lakes biological bed perfectly
specialized pursue sugar relocated toured sitting disputes isolated ordinary overseas constitutional guidance
narrative voiced mail answers filming commerce sweet caption informed reverts locality emerged margin jump
solely viewers coaches recovered grammar mechanism touch riding poorly suburb writings battles explicitly
rocks depends lacking okay heading understood collective regime concepts placing inaugural festivals strip
compiled mall provinces politicians conversion admiral cave transmission somebody load grows quotes verifiable
belonged apple bureau trump advisory button assisted outcome emphasis bears holiday basin inherited
administrators engage weapon nickname spam dismissed metro raw substitute presents municipalities presumably
ninth mills anonymous unsuccessful define characteristic clothing inducted certified cleanup bright situations
traditions deemed hunter restrictions clan gap naming reception publish cook sand penalty originated
recreation presentation navigation elder peoples baker possession cargo revolutionary crystal angle
designation honors jurisdiction drafted terminus habitat fundamental linking flower animation truly ensemble
coaching tons patent pink grace experiment logic dominated exhibited expensive earl illness creates
interaction victor thin increases allies indicating ties novelist matt connect suppose opponent delivery moral
tribes worthy manufactured innings trials grades violations wright roger vary doors exclusive orthodox
nonsense reaches independently earning resort hunt recommend settlers hardly namely conversation allegations
machines hunting remote pictured legacy redundant departments feels permitted biology blank difficulty wheel
noting venture traded sang virtual crossed marry repair desert chorus meat thoughts raising amounts arguing
diocese deployed tours brings violent exposure vertical actively angel libraries embassy trophy serial poll
withdrew hell accessed lowest reduction challenges commune intent simultaneously depicted clock springs
inspiration faster fifteen housed vanity adventure tech chess conventional tables extend funeral voices
suddenly slowly carrier lap sing attendance archaeological powered ideal consideration keeps truck destroy
dramatic ticket wealthy stress treat sung ottoman receives watching awareness commonwealth tested ani trio
blocking knowing campaigns imagine immigrants guests intellectual push sacred feelings catch saints fled
uniform shorter journalism alumni computers acres reverse elite measured framework enterprise depression teach
vocalist tasks specialist variations faces copied carbon equally prices preparation ministers eat accusations
reducing bid verify variation murdered printing fitted romantic protests warrant entity leagues contrary
mathematical recovery challenged sharp affair eggs dogs grave excellence acquisition recognize thesis
addresses secured dialogue wildlife wealth shut shield disputed lacks noble exit preserve harm sufficiently
surprised moreover exhibitions seal bridges influences carries tournaments celebration baron banner visits
radical athletics expanding gift pianist temporarily specified dancing dozen tourist turner outdoor dragon
ranging genetic eds atmosphere lights beating revival dealt sequel rifle veteran horror impression dollars
surprise sharing inch archbishop custom invented withdraw tier pairs attitude worker foster democracy evolved
consumer ruler somehow approaches displays temperatures math graphics focusing mines anime nearest
contributors thick knights innovation predecessor dies travelled diplomatic pole symphony virtually counts
arriving cap coordinates pitch outbreak autumn diseases employee jimmy targets dominant threats manuscript
billy harbor kinds installation oak graphic supplied sailed distinctive exhibit ignored maintaining guards
yeah fighters reverting rabbi concentration pulled collect collaborated relegated submarine redirected silent
fewer unused coffee coins farmer manor warfare enemies complaint flights playoffs progressive shops confirm
stick reasoning debt justify burned realize amp interface assertion hardware negotiations execution graduation
resignation dancer sleep arrangements descendants satisfy cattle boards defended instruction phenomenon ram
socialist enrolled perceived experiments peninsula conspiracy difficulties grandson aboard landed worship aims
opens symptoms fee samples travels demands proceedings ski woods leaf verse warren intermediate thirty coat
loop attacking clay freely handled chapters venues restaurants emotional workshop tea stops neck widow monitor
ghost bases transit milk forth winds thinks blind collapse consist scholarly ranges timber submit guardian
examination solve boss guitars switched verified beliefs lecturer decorated locomotives sculptor hurricane
realized anchor makeup convert paint compare arbitration lab welfare tanks journalists responses requiring
controls rhythm crosses breaks guys poverty friendship disaster ferry undergraduate luck hosting explaining
advisor comprises nephew alcohol desk permanently complicated geography wording slaves cultures surely throw
procedures professionals owns warriors mystery variable fellowship earn compositions upcoming regulation
diamond criterion shoot roster opposing virgin abbey warnings populated noise disbanded observation ballet
comparable playoff shadow involve dual layout connects parking shipping technically cutting approached backed
renowned amazon performer blacklisted plastic singers drum accuracy danger proposals robot retain escaped
deals beer seeds socks achievements unrelated developer stones ratings coached societies enters portions
programmes constantly sporting extending locomotive diversity structural northwestern sending touchdown
directory proven congregation architects mirror pushed airline tale prestigious enjoy gen discontinued
traveling corruption spots clients tip manga rough farming documentation comedian problematic kilometers
continental dissolved pointing hospitals wolf confusing drink sultan copper spell searches virus badly thereby
registration companion pupils absolute numbered fallen stubs handling thirteen belt telephone efficient
detective founders generations client millions disambiguation slave dynamic robin drinking elevated tiny camps
reviewing arrives stored ultimate cooper commenced preliminary ignore catalogue lying instances calendar
dreams smooth extends resumed philosopher signals closest liberty repeat prototype package dress abolished
colleagues villa arrive sword taxes buses breeding defining burning remembered mainland tales siege stronger
therapy blogs bearing rocket flew allegedly tenth southeastern consultant fastest reflected discover
investigate payment lodge jail pronounced stem organic gathered delayed hull bars funny immigration rolling
routine prepare announcement afternoon certificate footage liquid emerging engagement departed worn paste
literacy compound biographical warm predominantly minimal doctors manufacturers incidents proteins craft
assists governing deck carefully mere chase flood appreciated retiring praise recall indoor theatrical chile
artificial den findings lighting wells radar parade clarify reveal bone sustained researcher nominee eagle
bigger observations destination generic pub hate summaries pilots intervention butler equation heaven tomb
cardinal evaluation dependent hip imprisoned territorial succession rebellion integration wishes administered
teeth occasional sit affiliate kills disruption absent sysop judicial incomplete fringe separately
associations molecular preservation theology triple instructor impressive cites customer developments sandbox
cotton tape deeply towers joke consumption prayer enable assignment enabled waves bishops endemic forever
afraid gates cleaned rocky lectures consequently casualties cult implies veterans hoping southwestern buffalo
substance followers altitude cloud interpreted strict grants dot sergeant complaints developers kitchen
northeastern inspector neighboring contracts gaining efficiency promise gulf encountered mosque shaped
abilities judgment recalled tributary survival doctorate mansion symbols nominate var altered theoretical
revenge moderate maritime platinum rapper banking purely fate hide dying pushing heroes shots sight
psychological purple qualification orientation missionary strictly min conferences wake functional sixteen
inscription collapsed strings duration consistently reconstruction commanding lion hopefully compromise
educator obscure pale drawings martial inline taste manages celebrity presenter intense romance circulation
killer oral reservoir accordance baptist commitment forcing saving feat honored interim freight targeted
careful stroke provisions synonym naturally consequences desired speaks variants sailing est optional
prevented nominating exile museums circular barely browser lessons residing segments recruited argues landmark
profit underlying mixture rebels geographical fourteen footnotes authorized bunch auto abstract filter module
colonies axis reliability railways counter dozens overview smart tube severely adventures handed lat encounter
presidency app fortune missile notion paying celebrate diplomat horn customs vector agrees deceased defunct
cricketer nationally citizenship broadcasts checking aggregate monster ruins relatives conducting ken
interactions cats boxing acknowledged flash performers civic confidence delay profession fork kid competitors
grass accommodate stretch insufficient pitcher disappeared witness orbit admit illustrate servant grove
cartoon statistical conjunction travelling fifty implement passion trustees privately striking beneath
settings maintains jay biased promised cuts likewise rider supplement discovers helicopter construct survivors
assumption geographic reserves lecture advised voyage retreat declaration header victories firing refuses
attribution formations comprising releasing forget impressed raid distinguish unreliable alpha automated
nationwide fake whenever advertisement oxygen propaganda gods inches depot innovative investigations currency
varies divorced nicknamed specimens portraits curriculum riders nursing crops keyboard icon lover moments
screenplay autobiography sensitive quartet delta binding skill prisoner mutual provision chancellor stolen
boxes entrepreneur exterior codes sheriff explore farms illustration particles gear surrender spelled
extraordinary lawsuit audiences introduce civilians electronics accomplished sanctions anybody respected drove
rebel matrix happening estates beaten distant diet grid rob needing strikes burial suspension excessive
anthology exploration hometown suite soap heir divorce fortress bills busy preference legendary thrown
directions plates accidentally lesser honest labels mess ports reforms eating miscellaneous activists gaming
nationality licensing spectrum nova gathering broader hat globe plaza stale composers operators hopes phoenix
wire rush varied pride decrease radiation renewed considers brands magnetic watched deliver playwright attract
militia rogers tribal upset imposed speculation pull ladies sandy unanimous refugees aggressive legally
collecting interactive terry useless depicting explosion dubbed agenda trend hamlet volleyball nurse streams
expertise semifinals girlfriend horizontal misleading highlight rewrite aids accordingly crashed presenting
stationed nights settle garrison wheels rally meter stability philosophical estimate quantum mars exceptions
dialect terrorist doctrine endorsed puts loved marking memories superintendent separation adequate probability
heights precedent translations coin enlisted illustrations supporter divine dimensions poets listen underwent
punishment sometime genes discusses discrimination paragraphs export transformation householder infection
pitched array nationalist depicts runner attraction sustainable patron interviewed circa furniture constitute
synthesis precisely kick discipline guinea migration pit translator devil keys differ circles sheet mentioning
reviewers gospel everybody hammer occurring precise dawn threw alien vital insert
`;
