package dk.sagsbro.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The console's words: Danish by default, English in {@code messages/msg_en.properties}. Templates use them as
 * {@code {msg:name}}; Java code through {@link ConsoleLanguage#messages()}. Enum values have readable labels here,
 * never their constant names.
 */
@MessageBundle(value = "msg", locale = "da")
public interface ConsoleMessages {
    @Message("da")
    String htmlLang();

    @Message("Sagsbro · driftskonsol")
    String consoleName();

    @Message("Spring til indhold")
    String skipToContent();

    @Message("Hovedmenu")
    String mainMenu();

    @Message("Overblik")
    String navOverview();

    @Message("Overførsler")
    String navTransfers();

    @Message("Overskredne")
    String navOverdue();

    @Message("Udbakke")
    String navOutbox();

    @Message("Svartider")
    String navChart();

    @Message("Revisionsspor")
    String navAudit();

    @Message("Indsigtsanmodning")
    String navSubjects();

    @Message("Tilgængelighedserklæring")
    String navAccessibility();

    @Message("Log ud")
    String logout();

    @Message("Logget ind som")
    String loggedInAs();

    @Message("Kun metadata: gatewayen gemmer intet sagsindhold, og børn vises maskeret.")
    String footer();

    @Message("Find overførsel (id)")
    String searchLabel();

    @Message("Find")
    String searchButton();

    @Message("English")
    String otherLanguage();

    @Message("en")
    String otherLanguageCode();

    @Message("Show the console in English")
    String otherLanguageHint();

    @Message("Siden genindlæses automatisk hvert {seconds}. sekund.")
    String refreshOn(int seconds);

    @Message("Automatisk genindlæsning er sat på pause.")
    String refreshPaused();

    @Message("Sæt genindlæsning på pause")
    String refreshPause();

    @Message("Genoptag genindlæsning")
    String refreshResume();

    @Message("Overførselskøer")
    String queuesHeading();

    @Message("Efter frist")
    String byDeadline();

    @Message("Efter tilstand")
    String byState();

    @Message("Levering og underretninger")
    String deliveryAndNotifications();

    @Message("Push-leveringer i gang")
    String pushesUnderWay();

    @Message("Push-leveringer der fejler (prøves igen)")
    String pushesFailing();

    @Message("Eskaleringer endnu ikke modtaget")
    String escalationsUnsent();

    @Message("Ældste ventende")
    String oldestWaiting();

    @Message("venter")
    String waiting();

    @Message("modtaget")
    String receivedOn();

    @Message("Intet venter på en modtager.")
    String nothingWaits();

    @Message("Pr. modtagende kommune")
    String perReceiver();

    @Message("Ingen åbne overførsler.")
    String noOpenTransfers();

    @Message("Modtager")
    String colReceiver();

    @Message("Venter")
    String colWaiting();

    @Message("Afventer overtagelse")
    String colAwaitingTakeOver();

    @Message("Rykket")
    String colReminded();

    @Message("Overskredet")
    String colOverdue();

    @Message("Ældste ventende")
    String colOldestWaiting();

    @Message("Overførsler")
    String transfersTitle();

    @Message("Tilstand")
    String filterState();

    @Message("alle")
    String any();

    @Message("Frist")
    String filterDeadline();

    @Message("Kommune")
    String filterMunicipality();

    @Message("navn eller kode")
    String municipalityPlaceholder();

    @Message("kun hastesager")
    String urgentOnly();

    @Message("Modtaget fra")
    String receivedFrom();

    @Message("til")
    String receivedTo();

    @Message("Filtrér")
    String filterButton();

    @Message("{count} overførsel(er).")
    String total(long count);

    @Message("Hent listen som CSV")
    String downloadCsv();

    @Message("Modtaget")
    String colReceived();

    @Message("Tilstand")
    String colState();

    @Message("Frist")
    String colDeadline();

    @Message("Art")
    String colKind();

    @Message("Afsender")
    String colSender();

    @Message("Haster")
    String colUrgent();

    @Message("Alder")
    String colAge();

    @Message("haster")
    String urgent();

    @Message("Nyere")
    String newer();

    @Message("Ældre")
    String older();

    @Message("Overførsel")
    String transferHeading();

    @Message("Udført:")
    String doneLabel();

    @Message("Tilstand")
    String stateLabel();

    @Message("frist")
    String deadlineLabel();

    @Message("Metadata")
    String metadata();

    @Message("Art")
    String kindLabel();

    @Message("Afsender")
    String senderLabel();

    @Message("Modtager")
    String receiverLabel();

    @Message("Indsendt af")
    String submittedBy();

    @Message("Børn")
    String children();

    @Message("maskeret")
    String masked();

    @Message("Akter")
    String records();

    @Message("Flyttedato")
    String moveDate();

    @Message("Haster")
    String urgentLabel();

    @Message("Adressebeskyttet")
    String addressProtected();

    @Message("Indsendt efter flytningen")
    String submittedLate();

    @Message("Modtaget")
    String receivedLabel();

    @Message("Underskrevet")
    String signedLabel();

    @Message("Pakke")
    String packet();

    @Message("Fuldstændighedspolitik")
    String completenessPolicy();

    @Message("Eftersendelse til")
    String supplementTo();

    @Message("Videresendt fra")
    String redirectedFrom();

    @Message("Videresendt til")
    String redirectedTo();

    @Message("ja")
    String yes();

    @Message("nej")
    String no();

    @Message("Frister")
    String deadlines();

    @Message("Forfalder")
    String colDue();

    @Message("Stilling")
    String colStanding();

    @Message("Levering")
    String delivery();

    @Message("Modtagerens levering")
    String receiversDelivery();

    @Message("ikke registreret")
    String notRegistered();

    @Message("til")
    String toEndpoint();

    @Message("Push i gang: {attempts} mislykkede forsøg; næste forsøg {next}; opgives efter {until}.")
    String pushing(int attempts, String next, String until);

    @Message("leveringsfristen")
    String theDeliveryDeadline();

    @Message("Ingen push i gang.")
    String noPush();

    @Message("Mislykket forsøg")
    String failedAttempt();

    @Message("Hvad skete der")
    String whatHappened();

    @Message("Kvitteringer")
    String acknowledgements();

    @Message("Ingen endnu.")
    String noneYet();

    @Message("Underskrevet af")
    String colSignedBy();

    @Message("Begrundelse")
    String colReason();

    @Message("rette kommune {code}")
    String rightMunicipalityIs(String code);

    @Message("Eskaleringer")
    String escalations();

    @Message("Ingen.")
    String none();

    @Message("Emne")
    String colSubject();

    @Message("Webhook")
    String colWebhook();

    @Message("Oprettet")
    String colCreated();

    @Message("Forsøg")
    String colAttempts();

    @Message("Modtaget")
    String colAccepted();

    @Message("Seneste fejl")
    String colLastError();

    @Message("Akter der eftersendes")
    String recordsToFollow();

    @Message("Akttype")
    String colRecordType();

    @Message("Varslet")
    String colAnnounced();

    @Message("Eftersendt med")
    String colFollowedIn();

    @Message("endnu ikke")
    String notYet();

    @Message("Hent bevispakken")
    String evidenceLink();

    @Message("(underskrevet; kontrollér den med")
    String evidenceHint();

    @Message("eller")
    String or();

    @Message("Tidslinje")
    String timeline();

    @Message("Hvornår")
    String colWhen();

    @Message("Hvad")
    String colWhat();

    @Message("Hvem")
    String colWho();

    @Message("Detaljer")
    String colDetail();

    @Message("overholdt for sent, {time}")
    String metLate(String time);

    @Message("overholdt, {time}")
    String met(String time);

    @Message("løber ikke længere")
    String noLongerRunning();

    @Message("OVERSKREDET")
    String deadlineOverdue();

    @Message("åben")
    String deadlineOpen();

    @Message("Overførsel")
    String transferWord();

    @Message("fra")
    String fromWord();

    @Message("til")
    String toWord();

    @Message("nu")
    String nowWord();

    @Message("Rette kommune (kode)")
    String rightMunicipalityCode();

    @Message("Underretning der sendes igen")
    String notificationToResend();

    @Message("Begrundelse (gemmes i overførslens tidslinje med dit navn; ingen CPR-numre)")
    String actionReason();

    @Message("Jeg bekræfter:")
    String iConfirmLabel();

    @Message("Tilbage")
    String back();

    @Message("Revisionsspor")
    String auditTitle();

    @Message("Hver hændelse i en tidslinje og hver læsning af en pakke, en bevispakke eller en overførsels side er en post i én hashkæde. Siden genberegner hver hash fra den første post og sammenligner kædens ende og hvert underskrevet anker med den.")
    String auditHint();

    @Message("Intakt: {entries} poster og {anchors} underskrevne ankre kontrolleret.")
    String auditIntact(long entries, long anchors);

    @Message("Brudt ved post {seq}: {problem}. De {entries} poster før den var intakte.")
    String auditBroken(long seq, String problem, long entries);

    @Message("Seneste post")
    String lastEntry();

    @Message("Dens hash")
    String itsHash();

    @Message("Seneste anker")
    String latestAnchor();

    @Message("post {seq}, underskrevet {time}")
    String anchorAt(long seq, String time);

    @Message("ingen endnu")
    String noAnchorYet();

    @Message("Svartider")
    String chartTitle();

    @Message("Modtagende kommune")
    String receivingMunicipality();

    @Message("alle")
    String allPlaceholder();

    @Message("Vis")
    String show();

    @Message("Pr. leveringsmåned, {period}:")
    String chartIntro(String period);

    @Message("modtager {receiver}")
    String chartReceiver(String receiver);

    @Message("alle modtagere")
    String chartAllReceivers();

    @Message("andelen af overførsler")
    String chartShares();

    @Message("kvitteret inden for 24 timer")
    String ackWithin24();

    @Message("overtaget inden for 6 arbejdsdage")
    String takenOverWithin6();

    @Message("og")
    String andWord();

    @Message("En overførsel tælles, når den er besvaret, eller dens tid er udløbet; annullerede overførsler tælles ikke med, og afviste tælles ikke med i andelen for overtagelse.")
    String chartRule();

    @Message("Andel af overførsler kvitteret inden for 24 timer og overtaget inden for 6 arbejdsdage, pr. måned")
    String chartAria();

    @Message("Pr. modtagende kommune, {period}")
    String perMunicipalityIn(String period);

    @Message("Ingen leveringer i perioden.")
    String noDeliveries();

    @Message("Kvitteret inden for 24 timer")
    String colAck24();

    @Message("Overtaget inden for 6 arbejdsdage")
    String colTakeover6();

    @Message("{first} til {last}")
    String periodRange(String first, String last);

    @Message("ingen overførsler endnu")
    String noTransfersYet();

    @Message("{percent} % ({met} af {counted})")
    String shareOf(int percent, long met, long counted);

    @Message("Udbakke")
    String outboxTitle();

    @Message("Det, gatewayen stadig forsøger at sende, de mest fejlede først (højst {limit} af hver).")
    String outboxHint(int limit);

    @Message("Overførsel")
    String colTransfer();

    @Message("Endepunkt")
    String colEndpoint();

    @Message("Mislykkede forsøg")
    String colFailedAttempts();

    @Message("Næste forsøg")
    String colNextAttempt();

    @Message("Opgives efter")
    String colGivesUpAfter();

    @Message("Indsigtsanmodning")
    String subjectsTitle();

    @Message("Alle overførsler, der vedrører en person som barn eller forældremyndighedsindehaver, og hver adgang til dem i revisionssporet. Gatewayen gemmer ingen CPR-numre: den finder personen ved et nøglet pseudonym af det nummer, du angiver, og nummeret gemmes ikke. Din anmodning kommer i revisionssporet med dit navn og din begrundelse.")
    String subjectsHint();

    @Message("CPR-nummer")
    String cprNumber();

    @Message("Begrundelse (gemmes i revisionssporet med dit navn; ingen CPR-numre)")
    String subjectReason();

    @Message("Find overførsler og adgange")
    String findSubject();

    @Message("Ingen overførsel vedrører denne person.")
    String noTransfersForPerson();

    @Message("Adgange og hændelser")
    String accessesHeading();

    @Message("Post")
    String colEntry();

    @Message("Fra")
    String colFrom();

    @Message("Til")
    String colTo();

    @Message("Log ind")
    String loginTitle();

    @Message("Navn eller adgangskode er forkert.")
    String loginError();

    @Message("Operatør")
    String operatorName();

    @Message("Adgangskode")
    String password();

    @Message("Log ind")
    String loginButton();

    @Message("{days} d {hours} t")
    String ageDays(long days, int hours);

    @Message("{hours} t {minutes} min")
    String ageHours(long hours, int minutes);

    @Message("{minutes} min")
    String ageMinutes(long minutes);

    @Message("kommune: hverken navn eller kode på en af de 98 kommuner: {value}")
    String problemMunicipality(String value);

    @Message("tilstand: ikke en af de kendte tilstande: {value}")
    String problemState(String value);

    @Message("frist: ikke en af de kendte stillinger: {value}")
    String problemStanding(String value);

    @Message("{field}: ikke en dato (ÅÅÅÅ-MM-DD): {value}")
    String problemDate(String field, String value);

    @Message("modtaget fra")
    String fromField();

    @Message("til")
    String toField();

    @Message("»{value}« er ikke et overførsels-id: et id har formen 6f1c2a7e-5b0e-4d43-9a36-0d6f1f6d2a01.")
    String searchNotAnId(String value);

    @Message("Ingen overførsel har id'et {value}.")
    String searchNotFound(String value);

    @Message("Tilgængelighedserklæring")
    String a11yTitle();

    @Message("{#when value}{#is RECEIVED}Modtaget{#is DELIVERED}Leveret{#is ACKNOWLEDGED}Kvitteret{#is TAKEN_OVER}Overtaget{#is REJECTED}Afvist{#is REDIRECTED}Videresendt{#is CANCELLED}Annulleret{/when}")
    String state(dk.sagsbro.transfer.TransferStatus value);

    @Message("{#when value}{#is ON_TIME}Inden for fristen{#is REMINDED}Rykket{#is OVERDUE}Overskredet{#is CLOSED}Afsluttet{/when}")
    String standing(dk.sagsbro.operations.DeadlineStanding value);

    @Message("{#when value}{#is HANDOVER}Overdragelse{#is ORIENTATION}Orientering{#is SUPPLEMENT}Eftersendelse{/when}")
    String kind(dk.sagsbro.metadata.TransferKind value);

    @Message("{#when value}{#is RECEIVED}Modtaget{#is SUPPLEMENT_FOLLOWED_REDIRECT}Eftersendelse fulgte videresendelsen{#is RECORD_FOLLOWED}Akt eftersendt{#is SUBMITTED_LATE}Indsendt efter flytningen{#is DOWNLOADED}Hentet af modtageren{#is DELIVERED}Leveret{#is DELIVERY_ATTEMPT_FAILED}Leveringsforsøg mislykkedes{#is DELIVERY_SWITCHED_TO_INBOX}Levering skiftet til indbakke{#is ACKNOWLEDGED}Modtagelse kvitteret{#is TAKEN_OVER}Sagen overtaget{#is REJECTED}Afvist{#is REDIRECTED}Videresendt{#is DEADLINE_REMINDER}Påmindelse om frist{#is DEADLINE_OVERDUE}Frist overskredet{#is DEADLINE_CHASED}Rykket igen{#is DELIVERY_RETRY_REQUESTED}Nyt leveringsforsøg bestilt{#is CANCELLED}Annulleret{#is ESCALATION_RESENT}Eskalering sendt igen{#is CONTENT_DELETION_WARNING}Varsel om sletning af indhold{#is PAYLOAD_DELETED}Pakkens indhold slettet{/when}")
    String event(dk.sagsbro.transfer.TransferEventType value);

    @Message("{#when value}{#is RECEIVED}Modtaget{#is TAKEN_OVER}Overtaget{#is REJECTED}Afvist{/when}")
    String acknowledgementKind(dk.sagsbro.acknowledgement.AcknowledgementKind value);

    @Message("{#when value}{#is WRONG_MUNICIPALITY}Forkert kommune{#is NOT_RESIDENT}Familien bor ikke i kommunen{#is DUPLICATE}Dublet{#is INCOMPLETE}Ufuldstændig{#is UNREADABLE}Kan ikke læses{#is OTHER}Anden grund{/when}")
    String rejectionReason(dk.sagsbro.acknowledgement.RejectionReason value);

    @Message("{#when value}{#is DEADLINE_REMINDER}Påmindelse om frist{#is DEADLINE_OVERDUE}Frist overskredet{#is DEADLINE_CHASED}Rykker{#is URGENT_TRANSFER_RECEIVED}Hastesag modtaget{#is TRANSFER_CANCELLED}Overførsel annulleret{#is TRANSFER_REJECTED}Overførsel afvist{#is CONTENT_DELETION_DUE}Indhold slettes snart{/when}")
    String subject(dk.sagsbro.escalation.Escalations.Subject value);

    @Message("{#when value}{#is NOTIFICATION}Underretning{#is ASSESSMENT_SUMMARY}Opsummering af vurdering{#is CHILD_INVESTIGATION}Børnefaglig undersøgelse{#is LIMITED_REVIEW}Afgrænset undersøgelse{#is DECISION}Afgørelse{#is CHILD_PLAN}Barnets plan{#is YOUTH_PLAN}Ungeplan{#is FOLLOW_UP}Opfølgning{#is CHILD_CONVERSATION}Samtale med barnet{#is PARTY_HEARING}Partshøring{#is SUPPORTER_INFO}Oplysning om bisidder{#is RECEIVED_NOTIFICATION}Modtaget underretning{#is CASE_NOTE}Journalnotat{#is OTHER}Andet{/when}")
    String recordType(dk.sagsbro.metadata.RecordType value);

    @Message("{#when value}{#is DELIVERY}Levering{#is RECEIVED_ACKNOWLEDGEMENT}Kvittering for modtagelse{#is TAKEN_OVER}Overtagelse{/when}")
    String deadlineName(dk.sagsbro.transfer.DeadlineKind value);

    @Message("{#when value}{#is RETRY_DELIVERY}Prøv leveringen igen nu{#is SWITCH_TO_INBOX}Skift til indbakke{#is CANCEL}Annullér overførslen{#is REDIRECT}Videresend til den rette kommune{#is RESEND_ESCALATION}Send en eskalering igen{/when}")
    String action(dk.sagsbro.operations.OperatorActions.Action value);

    @Message("{#when value}{#is CONFIRMATION_MISSING}sæt flueben for at bekræfte handlingen{#is REASON_MISSING}angiv en begrundelse: den gemmes i overførslens tidslinje{#is REASON_TOO_LONG}begrundelsen er længere end 500 tegn{#is REASON_HAS_CPR}begrundelsen må ikke indeholde et CPR-nummer{#is CPR_NUMBER_INVALID}angiv personens CPR-nummer (ti cifre, DDMMÅÅ-LLLL, med en gyldig dato){#is NOTIFICATION_NOT_CHOSEN}vælg en af overførslens underretninger, der skal sendes igen{#is NOT_A_PUSH_RECEIVER}modtageren henter pakker i sin indbakke (PULL): der er intet at pushe{#is NO_PUSH_UNDER_WAY}der er ingen push i gang for denne overførsel{#is CHANGED_MEANWHILE}overførslen er ændret imens; se den igen, før du annullerer{#is NOT_REDIRECTABLE}kun en overførsel, der er afvist som sendt til den forkerte kommune, kan videresendes{#is NO_SUCH_TRANSFER}overførslen findes ikke{#is OTHER}handlingen blev afvist{/when}")
    String refusal(dk.sagsbro.operations.OperatorActions.Refusal value);

    @Message("{#when value}{#is PULL}indbakke (modtageren henter){#is PUSH}push{/when}")
    String deliveryMode(dk.sagsbro.registry.DeliveryMode value);
}
