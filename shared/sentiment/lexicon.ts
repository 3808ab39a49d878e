/**
 * Valences (−4 … +4) of words, phrases, emojis and emoticons, French and English, written for the
 * comments brands get: crisis vocabulary, slang, SMS spelling. Keys are folded (lower case, no
 * accents, elongations squeezed): "déçu", "decu" and "DÉÇUUU" are one entry. Phrases are matched
 * before words, so "pas mal" is positive and "pas terrible" negative.
 */

const FRENCH_WORDS = `
arnaque -4 arnaques -4 arnaquer -4 escroc -4 escrocs -4 escroquerie -4 escroquer -4 honte -3 honteux -3 honteuse -3
scandale -3 scandaleux -3 boycott -4 boycotte -4 boycotter -4 inadmissible -4 inacceptable -4 remboursez -3
remboursez-moi -3 rembourser -1 lamentable -3 voleurs -4 voleur -3 mensonge -3 mensonger -3 mensongere -3 mentez -3
plainte -2 nul -3 nulle -3 nuls -3 pourri -3 pourrie -3 catastrophe -3 catastrophique -3 horrible -3 affreux -3
decu -3 decue -3 decus -3 deception -3 decevant -3 decevante -3 degoute -3 degoutee -3 degoutant -3 furieux -3 furieuse -3
insupportable -3 inutilisable -3 inutile -2 injoignable -3 inexistant -3 innexistant -3 defectueux -3 casse -2 cassee -2
perdu -2 perdue -2 perdus -2 panne -2 pannes -2 retard -2 retards -2 bug -2 bugs -2 plante -2 plantage -2 annule -2
annulee -2 fuyez -4 fuir -3 pire -3 incapables -3 incapable -3 ridicule -3 mediocre -3 immangeable -3 sale -2
desagreable -2 lent -1 lente -1 cher -1 chere -1 resilie -3 resilier -3 debite -1 preleve -1 relou -2 chelou -1
abuse -3 hess -3 galere -2 gache -2 ruine -3 rate -1 raccroche -2 insulte -3 raciste -3 maltraitance -4 malades -2
mauvais -2 mauvaise -2 toxique -3 usage -1 usagee -1 racket -4 frauduleux -4 fraude -4 menteurs -4 honteusement -3
marre -3 ras-le-bol -3 agace -2 enerve -2 enervee -2 colere -3 inadmissibles -4 rage -3 dommage -1 triste -2
mouais -1 bof -2 moyen -1 moyenne 0 dechire -2 sali -2 abime -2 interminable -2 scandaleuse -3 foutez -3 foutre -2
merde -3 chier -3 bidon -3 zero -2 derniere -1 licencier -1 licenciement -2 greve -1 jpp -2 augmentent -1 diminuent -1
imbattable 3 reviendrai 2 bi1 1 fantome -2 mal -2 dechiree -2 malhonnete -3 cata -3 indigne -3 hausse -1 attends -1
irreprochable 3 intacte 1 craquer 1 exceptionnel 3 exceptionnelle 3 enfin 1 correct 1 vide -1 reclamation -1 arretez -2
manque -2 manquant -2 baisse -1 montent -1 long -1 supprime -1 efface -1
abusez -3 abusent -3 degueulasse -3 degueu -2 decevez -3 decoit -3 rachete 2 respect 2 probleme -1 souci -1 resolu 2 corrige 1 repare 1
bloque -2 croustillant 2 inoubliable 3 bazar -2 abandonne -2 regretter -2 rassis -2 complique -1 copier-coller -2 vite 1
camelote -3 bride -2 relancer -2 relance -2 mediateur -2 avocat -2 dgccrf -3 regrette -2 regret -2 coupure -2 coupee -2
adore 3 adorer 3 adorable 3 j'adore 3 aime 2 aimer 2 kiffe 3 kiffer 3 top 3 genial 3 geniale 3 parfait 3 parfaite 3
excellent 3 excellente 3 super 2 superbe 3 magnifique 3 merveilleux 3 incroyable 3 bravo 2 merci 2 felicitations 3
recommande 2 recommander 2 satisfait 3 satisfaite 3 ravi 3 ravie 3 content 3 contente 3 heureux 3 heureuse 3 conquis 3
nickel 3 impeccable 3 rapide 1 efficace 2 agreable 2 gentil 2 gentille 2 adorables 3 sympa 2 chaleureux 2 souriant 2
fan 2 fidele 2 plaisir 3 reussi 2 reussite 3 pepite 3 tuerie 4 dinguerie 3 bombe 2 masterclass 3 carre 2 claque 2
genie 3 meilleur 3 meilleure 3 meilleurs 3 enorme 2 bon 2 bonne 2 bien 1 belle 2 beau 2 jolie 2 pratique 1 approuve 2
qualite 1 plaisir 3 soin 1 ponctuel 2 pro 1 professionnel 2 reactif 2 reactivite 2 ouf 2 trop-bien 3 mignon 2 delicieux 3
bonheur 3 fier 2 fiere 2 sauve 2 rassure 2 gagne 1 vaut 1 surprise 1 infiniment 1 continuez 2 chapeau 2
bluffe 3 bluffant 3 apprecie 2 cool 2 charmant 2
`;

const ENGLISH_WORDS = `
scam -4 scams -4 scammed -4 fraud -4 rip-off -4 ripoff -4 disgrace -4 disgraceful -4 shameful -3 shame -3
boycott -4 worst -4 terrible -3 terible -3 awful -3 horrible -3 trash -3 garbage -3 useless -3 broken -2 broke -2 lost -2
outage -2 crash -2 crashes -2 crashing -2 bug -2 bugs -2 buggy -2 late -2 delay -1 cancelled -2 canceled -2 rude -3
disgusting -4 disappointed -3 disappointing -3 unacceptable -4 ridiculous -3 overpriced -3 underwhelming -2 lied -3
lie -3 liar -3 liars -4 avoid -3 furious -3 angry -3 hate -3 sick -2 done -1 fail -3 failed -2 joke -2 mid -2 sucks -3
offensive -3 mess -2 nightmare -3 poor -2 bad -3 worse -3 slow -1 hidden -1 charged -1 wtf -2 smh -2 ugh -2 meh -1
love 3 loved 3 loving 2 amazing 3 awesome 3 awsome 3 great 2 excellent 3 perfect 3 perfectly 3 fantastic 3 brilliant 3
wonderful 3 best 3 happy 3 delighted 3 impressed 2 recommend 2 recommended 2 thanks 2 thank 2 thx 2 delicious 3 friendly 2
kind 2 patient 2 smooth 2 smoother 2 fast 1 quick 1 good 2 nice 2 beautiful 3 gorgeous 3 fan 2 genius 3 obsessed 2 slaps 3
bussin 3 fire 2 exceeded 2 satisfied 3 pleasant 2 surprise 1 works 1 easy 1 top 2 notch 1 winning 2 win 2 enjoy 2
enjoyed 2 grateful 3 legit 1 sale 0 average 0 trust 2 crashed -2 die -2 dies -2 spam -2 filthy -3
missing -2 fake -3 declined -2 disappeared -2 raw -1 finally 1 helpful 2 stopped -3 overheating -2
robbery -4 error -1 lovely 3 faulty -3 defective -3 damaged -2 crushed -2 waiting -1 unresponsive -3
incompetent -3 pathetic -3 horrendous -4 atrocious -4 lousy -3 unreliable -3 glitchy -2 laggy -2 overcharged -3
misleading -3 waste -2 annoying -2 annoyed -2 frustrating -3 frustrated -3 upset -2 unhappy -3 dissatisfied -3
worthless -3 flimsy -2 hostile -3 unprofessional -3 mediocre -2 bland -1 stale -2 chargeback -3 lawsuit -3 sue -3
refuses -2 refused -2 ignored -2 ignoring -2 ghosted -3 scammers -4 clowns -3 embarrassing -3 insane -2 yikes -2
cringe -2 stuck -1 wasted -2 expensive -1 soggy -2 burnt -2 undercooked -2 delayed -2 unhelpful -3 pointless -2
hike -1 doubled -1 copy-paste -2 shambles -3 cracking 3 cheers 1 latest 0 unforgettable 3 special 1 disappoint -3 respect 2 problem -1 issue -1 fixed 1 resolved 2 solved 2 sorted 1 cold -1 throttled -2 cancelling -2 canceling -2 lawyer -2 ombudsman -2
legend 3 appreciate 2 appreciated 2 props 2 cool 2
superb 3 outstanding 3 incredible 3 adore 3 reliable 2 responsive 2 professional 2 flawless 3 seamless 2 stunning 3 favourite 2 favorite 2 value 1 worth 2 regrets -2 regret -2 convinced 2
`;

/** Multi-word expressions, folded, matched before single words (an intensifier inside is skipped). */
const PHRASES = `
c'est du vol=-3
price hike=-2
hausse de tarif=-2
si complique=-2
how hard is it=-2.5
is it that hard=-2.5
j'en ai fini avec=-3
done with=-3
probleme regle=2
probleme resolu=2
not a single person=-2
not one person=-2
pas une seule personne=-2
attend toujours=-3
attends toujours=-3
toujours en attente=-3
je reviens=2
fair play=2
never looked better=3
never been better=3
never felt better=3
aller voir ailleurs=-3
my business elsewhere=-3
go elsewhere=-3
shop elsewhere=-3
parler a un mur=-3
talking to a wall=-3
talking to a brick wall=-3
n'importe quoi=-3
you had one job=-3
se battre pour=-2
perdre vos clients=-3
why is it always=-2.5
why does it always=-2.5
pourquoi c'est toujours=-2.5
pourquoi toujours=-2.5
rien a reprocher=3
ne jure que par=3
ne jure plus que par=3
s'en lasse pas=3
mention speciale=3
un amour=3
what a guy=3
give them a raise=3
merite une augmentation=3
five stars=3
5 stars=3
enfin un=2
enfin une=2
finally a=2
finally an=2
ne changerai pas=2
someone else's=-2
quelqu'un d'autre=-2
tout fonctionne=2
everything works=2
que demander de plus=3
what more could you ask=3
comme a un chien=-3
like dirt=-3
chez un concurrent=-3
chez la concurrence=-3
pas de souci=1
pas de probleme=1
meme probleme=-2
same problem=-2
same issue=-2
demande un responsable=-2
parler a un responsable=-2
asked for a manager=-2
speak to a manager=-2
without internet=-3
no internet=-3
no signal=-3
une version differente=-2
different story=-2
no respect=-3
a l'heure=1
please stop=-2
c'est la derniere fois=-3
ne regrette pas=3
regrette pas=3
don't regret=3
do not regret=3
aux petits soins=3
big up=3
props to=3
bien gere=3
bien geree=3
geste commercial=2
belle surprise=3
bonne surprise=3
nice surprise=3
belle blague=-3
quelle blague=-3
a quoi bon=-2
ne marche jamais=-3
marche jamais=-3
ne fonctionne jamais=-3
se fout de=-3
se moque de=-3
a la concurrence=-3
sans prevenir=-2
without warning=-2
preleve deux fois=-3
debite deux fois=-3
j'ai du relancer=-3
avait promis=-2
m'avait promis=-2
on m'a promis=-2
was promised=-2
were promised=-2
you promised=-2
a encore saute=-3
internet coupe=-3
ne demande pas=0
demande pas=0
not asking=0
never came=-3
closed my ticket=-2
in circles=-2
my money=-2
mon argent=-2
cool cool=-2
expected the worst=0
is down=-2
down again=-3
internet down=-3
wifi down=-3
app down=-3
stopped working=-3
your competitor=-2
a competitor=-2
ne correspond pas=-3
tombe en panne=-3
ne tient pas=-2
tient meme pas=-2
jamais demande=-2
jamais demandees=-2
pas fameux=-2
mal organise=-3
si j'avais su=-2
ne sert a rien=-3
aucun respect=-3
sans reponse=-2
ca fait deux heures=-2
ca fait des heures=-2
valait le coup=3
vaut le coup=3
je suis fan=3
comme des chefs=3
impossible de ne pas=2
tient ses promesses=3
six etoiles=3
5 etoiles=3
cinq etoiles=3
c'est valide=2
jamais recu=-3
jamais recue=-3
n'ai jamais recu=-3
never received=-3
aucune solution=-3
aucune reponse=-3
du flan=-2
a moitie vide=-2
toujours aussi long=-2
tourne en rond=-2
impossible de parler=-3
pas cuit=-2
j'aurais mieux fait=-2
pris mon argent=-3
took my money=-3
ne vaut pas=-2
vaut pas=-2
les prix montent=-2
la qualite baisse=-2
pour rien=-2
heure de queue=-2
nobody cares=-3
how bad=-3
wish i had=-2
bien joue=3
du lourd=3
pas si mal=2
au-dela de mes attentes=3
above and beyond=3
no complaints=3
aucune plainte=3
came through=1
do better=-2
shame on you=-3
what a joke=-3
are you kidding=-2
can't log in=-2
cannot log in=-2
can't even=-2
won't let me=-2
lost my=-2
charged twice=-3
double charged=-3
hidden fees=-3
wrong order=-2
never showed up=-3
no show=-2
still broken=-3
false advertising=-3
waste of money=-4
waste of time=-3
fed up=-3
sick of=-3
had enough=-2
no response=-3
no reply=-3
still nothing=-2
still no=-2
still not=-2
fell apart=-3
broke down=-3
ripped off=-4
hung up=-2
poor service=-3
well done=3
good job=3
great job=3
keep it up=2
spot on=2
worth it=3
on time=1
nothing works=-3
never got it=-3
never got=-3
do not order=-3
don't order=-3
couldn't be happier=3
could not be happier=3
billing error=-2
tjrs pas=-2
aucune excuse=-3
facture double=-2
1 etoile=-3
une etoile=-3
1 star=-3
one star=-3
vaut pas le prix=-3
ne vaut pas le prix=-3
qu'ils disaient=-3
they said=-1
en chute libre=-3
j'aurais du=-2
avis negatifs=-1
comment on me remercie=-3
ca fait une semaine=-2
ca fait deux semaines=-2
depuis des semaines=-2
depuis une semaine=-2
moins bon=-2
merci d'avance=0
merci de me tenir informe=0
merci de traiter=0
merci de me repondre=0
thanks in advance=0
used to love=-2
not anymore=-2
prices up=-2
quality down=-2
how is this legal=-3
still waiting=-3
no regrets=2
never had a single problem=3
never had a problem=3
jamais eu de probleme=3
jamais eu un probleme=3
impossible de ne pas aimer=3
impossible not to love=3
je reviendrai=2
plus jamais=-4
pas mal=2
pas mal du tout=3
pas terrible=-3
pas top=-3
pas ouf=-3
pas genial=-2
pas degueu=2
pas fou=-1
pas convaincu=-2
pas du tout conforme=-3
pas conforme=-3
pas satisfait=-3
nul a chier=-4
de ouf=2
c'est abuse=-3
c'est chaud=-2
c'est mort=-2
c'est une blague=-3
foutez de nous=-4
moquez de nous=-4
merci pour rien=-4
rien a redire=3
rien a dire=3
rien a jeter=3
aucun probleme=3
aucun souci=3
pas un seul souci=3
jamais decu=3
jamais decue=3
jamais eu un seul souci=3
pas decu=3
pas decue=3
pas une seule fausse note=3
ne marche pas=-3
ne marche plus=-3
rien ne marche=-3
ne fonctionne pas=-3
ne fonctionne plus=-3
marche pas=-3
ne repond=-3
personne ne repond=-3
personne repond=-3
ne rappelle=-2
aux abonnes absents=-3
service client inexistant=-4
ne perdez pas=-2
ne commandez=-3
n'a rien a voir=-2
toujours pas=-2
toujours rien=-2
encore une panne=-3
sans reseau=-3
sans internet=-3
a la poubelle=-3
trop cher=-2
la hess=-3
eclates au sol=-3
vous gerez=3
trop bien=3
trop bon=3
trop contente=3
trop content=3
tres bon=3
tres bonne=3
la classe=3
au top=3
ca claque=3
c'est carre=2
je valide=3
on y retourne=2
porter plainte=-3
porte plainte=-3
je resilie=-3
vous m'avez debite=-3
gagne une cliente=3
never again=-4
not bad=2
not bad at all=3
not great=-3
not the best=-2
not impressed=-3
not exactly impressed=-3
thanks for nothing=-4
no issues=3
no problem=2
no problems=2
never disappointed=3
not disappointed=3
can't complain=2
doesn't work=-3
does not work=-3
not working=-3
never arrived=-3
no one ever=-3
nobody answers=-3
rip off=-4
on hold=-2
this ain't it=-3
no cap=0
a joke=-3
money back=-3
zero stars=-4
huge w=3
massive l=-3
big l=-3
`;

/** Phrases that make the next feeling stronger: "jamais vu un service aussi lent". */
export const BOOSTING_PHRASES = new Map([
  ['jamais vu', 2],
  ['never seen', 2],
  ["can't believe how", 1.5],
  ['cant believe how', 1.5],
]);

/** Emojis and emoticons (folded keys are the symbols themselves). */
const SYMBOLS = `
😡 -4 🤬 -4 😠 -3 😤 -3 🙄 -2 👎 -3 🤮 -4 💩 -3 😭 -2 😢 -2 😞 -2 😒 -2 😫 -2 🥲 -1 💀 -1 😬 -1 🙃 -1 😑 -1
❤️ 3 ❤ 3 😍 4 🥰 4 😘 3 😊 2 😁 2 😀 2 🙂 1 🔥 2 👏 2 👍 2 🙏 1 ✨ 2 💯 3 🚀 2 🤩 3 💪 2 🎉 2 👌 2 🤞 0 😅 0 😂 1 🤣 1
:) 2 :-) 2 :D 3 ^^ 2 <3 3 :( -2 :-( -2 :/ -1 :-/ -1 xd 1
`;

/** Multipliers of the next feeling: intensifiers above 1, diminishers below. */
export const INTENSIFIERS = parse(`
tres 1.5 trop 1.4 vraiment 1.4 grave 1.5 hyper 1.6 tellement 1.5 extremement 1.8 totalement 1.5 completement 1.5
franchement 1.2 super 1.5 ultra 1.6 tro 1.4 vrmt 1.4 so 1.4 really 1.4 very 1.4 extremely 1.8 totally 1.5
absolutely 1.6 truly 1.3 such 1.3 lowkey 1.1 highly 1.4
`);

export const DIMINISHERS = parse(`peu 0.6 assez 0.8 plutot 0.8 kinda 0.6 slightly 0.5 somewhat 0.7 bit 0.6`);

function words(list: string): Set<string> {
  return new Set(list.trim().split(/\s+/));
}

/** Words that flip the valence of what follows (a few tokens, up to punctuation or a "but"). */
export const NEGATORS = words(`
ne n' pas jamais rien aucun aucune sans personne ni pa not never no nobody nothing without
don't doesn't didn't isn't wasn't aren't can't won't couldn't dont cant wont
`);

/** Words that end a negation's scope. */
export const SCOPE_BREAKERS = words(`mais but et and car because donc so alors parce`);

/** Thanks and praise that sarcasm turns around ("merci pour ces 3 jours sans réseau 👏"). */
export const SARCASM_OPENERS = words(`
merci bravo genial super magnifique parfait felicitations vivement quelle gentil sympa chapeau reussi cool
thanks thank great wow amazing fantastic love wonderful helpful appreciate nice
`);

/** The situations that praise cannot be sincere about. */
export const BAD_SITUATIONS = words(`
panne pannes retard attente perdu perdre perdue annule annulee encore reseau maintenance rater rate supprime
efface double redemarre automatique perdre
outage again hold losing lost logged delayed late cancelled cancelling cancel crashed surprise nothing automated twice
`);

/** What a customer is owed: its absence ("aucune réponse", "no refund", "pas un geste") is a complaint. */
export const EXPECTED = words(`
reponse reponses nouvelles nouvelle info infos information informations remboursement solution explication
explications rappel suivi excuse excuses retablissement
reply answer response refund explanation update updates eta callback apology compensation voucher news
`);

/** Words after which a bad situation is background, not the point ("après la panne, geste apprécié"). */
export const CONCESSIVES = words(`apres malgre despite after`);

/** Announcements inform; feelings in them weigh less ("Outage notice: maintenance tonight"). */
export const ANNOUNCEMENT_MARKERS = words(`notice fyi`);

function parse(list: string): Map<string, number> {
  const entries = new Map<string, number>();
  const tokens = list.trim().split(/\s+/);
  for (let i = 0; i + 1 < tokens.length; i += 2) entries.set(tokens[i]!, Number(tokens[i + 1]));
  return entries;
}

/** Per language: "sale" is dirty in French and a discount in English. */
export const WORDS = { fr: parse(FRENCH_WORDS), en: parse(ENGLISH_WORDS) };
export const EMOJIS = parse(SYMBOLS);
export const PHRASE_VALENCES = new Map(
  PHRASES.trim()
    .split('\n')
    .map((line) => {
      const [phrase, valence] = line.split('=');
      return [phrase!.trim(), Number(valence)] as const;
    }),
);
/** Longest phrase, in words: how far ahead the analyzer looks. */
export const LONGEST_PHRASE = Math.max(
  ...[...PHRASE_VALENCES.keys()].map((phrase) => phrase.split(' ').length),
);
