<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ApiError</name>
    <message>
        <source>Could not reach the server. Check your internet connection and try again.</source>
        <translation>Der Server ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server took too long to answer. Try again in a moment.</source>
        <translation>Der Server hat zu lange für die Antwort gebraucht. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The API token was not accepted. Check it, or create a new one in Quantive under Settings → Integrations → API tokens.</source>
        <translation>Das API-Token wurde nicht akzeptiert. Prüfen Sie es oder erstellen Sie in Quantive unter Einstellungen → Integrationen → API-Tokens ein neues.</translation>
    </message>
    <message>
        <source>You have no access to this. Check the account id, or ask an administrator for the permission.</source>
        <translation>Sie haben keinen Zugriff darauf. Prüfen Sie die Konto-ID oder bitten Sie eine Administratorin oder einen Administrator um die Berechtigung.</translation>
    </message>
    <message>
        <source>The KPI is no longer in this group; someone may have removed it already.</source>
        <translation>Der KPI ist nicht mehr in dieser Gruppe; vielleicht hat ihn schon jemand entfernt.</translation>
    </message>
    <message>
        <source>There is no KPI groups API at this address (HTTP 404). Check the server address or the region.</source>
        <translation>Unter dieser Adresse gibt es keine KPI-Gruppen-API (HTTP 404). Prüfen Sie die Serveradresse oder die Region.</translation>
    </message>
    <message>
        <source>This KPI group no longer exists; someone may have deleted it. Refresh the list.</source>
        <translation>Diese KPI-Gruppe gibt es nicht mehr; vielleicht hat sie jemand gelöscht. Aktualisieren Sie die Liste.</translation>
    </message>
    <message>
        <source>The server refused the request as invalid.</source>
        <translation>Der Server hat die Anfrage als ungültig abgelehnt.</translation>
    </message>
    <message>
        <source>The server is receiving too many requests. Wait a minute, then try again.</source>
        <translation>Der Server erhält zu viele Anfragen. Warten Sie eine Minute und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Your Quantive plan does not include this. Ask your account owner.</source>
        <translation>Ihr Quantive-Tarif enthält das nicht. Fragen Sie die Person, der das Konto gehört.</translation>
    </message>
    <message>
        <source>The server had a problem (HTTP %1). Try again later.</source>
        <translation>Der Server hatte ein Problem (HTTP %1). Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server sent an answer the app cannot read. Try again; if it keeps happening, the API may have changed.</source>
        <translation>Der Server hat eine Antwort geschickt, die die App nicht lesen kann. Versuchen Sie es erneut; passiert das weiterhin, hat sich vielleicht die API geändert.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The connection settings are incomplete.</source>
        <translation>Die Verbindungseinstellungen sind unvollständig.</translation>
    </message>
    <message>
        <source>The list could not be read whole. Try again.</source>
        <translation>Die Liste konnte nicht vollständig gelesen werden. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The request reached the server, but no answer came back, so it is not known whether the change was made. Refresh to see what the server has.</source>
        <translation>Die Anfrage hat den Server erreicht, aber es kam keine Antwort zurück; ob die Änderung ausgeführt wurde, ist daher unbekannt. Aktualisieren Sie, um den Stand des Servers zu sehen.</translation>
    </message>
    <message>
        <source>%1 The server said: %2</source>
        <translation>%1 Der Server meldet: %2</translation>
    </message>
    <message>
        <source>The server is receiving too many requests and asked to wait until %1, longer than the app waits by itself. Try again then.</source>
        <translation>Der Server erhält zu viele Anfragen und bittet, bis %1 zu warten – länger, als die App von sich aus wartet. Versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The server sent the request on to another address. It was stopped there, so that your token stays with the server you chose. Check the server address.</source>
        <translation>Der Server hat die Anfrage an eine andere Adresse weitergeleitet. Sie wurde dort angehalten, damit Ihr Token bei dem Server bleibt, den Sie gewählt haben. Prüfen Sie die Serveradresse.</translation>
    </message>
    <message>
        <source>The server was still answering after %1 s, so the app stopped waiting. It is not known whether the change was made.</source>
        <translation>Der Server hat nach %1 s noch immer geantwortet, daher hat die App aufgehört zu warten. Ob die Änderung ausgeführt wurde, ist unbekannt.</translation>
    </message>
    <message>
        <source>The server was still sending its answer after %1 s, far slower than it should, so the app stopped waiting. Try again later.</source>
        <translation>Der Server hat nach %1 s noch immer seine Antwort gesendet, viel langsamer als üblich, daher hat die App aufgehört zu warten. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server&apos;s answer grew past %1 MB, more than this request can need, so the app stopped reading it. Try again; if it happens again, the server or something on the way to it is broken.</source>
        <translation>Die Antwort des Servers wurde größer als %1 MB – mehr, als diese Anfrage brauchen kann –, daher hat die App aufgehört, sie zu lesen. Versuchen Sie es erneut; passiert es wieder, ist der Server oder etwas auf dem Weg dorthin defekt.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified, so the app did not send anything. Check the server address.</source>
        <translation>Das Zertifikat des Servers konnte nicht geprüft werden, daher hat die App nichts gesendet. Prüfen Sie die Serveradresse.</translation>
    </message>
    <message>
        <source>The server kept sending the request on to another address, in a loop. Check the server address.</source>
        <translation>Der Server hat die Anfrage immer wieder an eine andere Adresse weitergeleitet, im Kreis. Prüfen Sie die Serveradresse.</translation>
    </message>
    <message>
        <source>The server did not answer in time, so it is not known whether the change was made.</source>
        <translation>Der Server hat nicht rechtzeitig geantwortet; ob die Änderung ausgeführt wurde, ist unbekannt.</translation>
    </message>
    <message>
        <source>The server started to answer, then went silent. Try again in a moment.</source>
        <translation>Der Server hat zu antworten begonnen und ist dann verstummt. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The server closed the connection in the middle of its answer. Try again.</source>
        <translation>Der Server hat die Verbindung mitten in der Antwort geschlossen. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server closed the connection without answering. Try again.</source>
        <translation>Der Server hat die Verbindung ohne Antwort geschlossen. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>A KPI group needs a name.</source>
        <translation>Eine KPI-Gruppe braucht einen Namen.</translation>
    </message>
    <message>
        <source>The name is %1 characters long; a KPI group&apos;s name can have at most %2.</source>
        <translation>Der Name ist %1 Zeichen lang; der Name einer KPI-Gruppe darf höchstens %2 haben.</translation>
    </message>
    <message>
        <source>The server answered with something that is not the API&apos;s answer (perhaps a sign-in page of the network or a proxy), so the change was most likely not made. Check the connection, then try again.</source>
        <translation>Der Server hat mit etwas geantwortet, das nicht die Antwort der API ist (vielleicht eine Anmeldeseite des Netzwerks oder eines Proxys); die Änderung wurde daher sehr wahrscheinlich nicht ausgeführt. Prüfen Sie die Verbindung und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The server kept answering with pages that brought nothing new.</source>
        <translation>Der Server hat immer wieder Seiten geschickt, die nichts Neues enthielten.</translation>
    </message>
    <message>
        <source>The list kept changing while it was read.</source>
        <translation>Die Liste hat sich beim Lesen ständig geändert.</translation>
    </message>
    <message>
        <source>The server said it had %1, and sent %2.</source>
        <translation>Der Server hat %1 angekündigt und %2 geschickt.</translation>
    </message>
    <message>
        <source>The server did not answer, and it has no new group named “%1”: it was not created. Try again.</source>
        <translation>Der Server hat nicht geantwortet, und er hat keine neue Gruppe namens „%1“: Sie wurde nicht angelegt. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server did not answer, so it is not known whether the group was renamed to “%1”. Refresh to see its name.</source>
        <translation>Der Server hat nicht geantwortet; ob die Gruppe in „%1“ umbenannt wurde, ist unbekannt. Aktualisieren Sie, um ihren Namen zu sehen.</translation>
    </message>
    <message>
        <source>The server did not answer, and the group still has its old name: it was not renamed. Try again.</source>
        <translation>Der Server hat nicht geantwortet, und die Gruppe hat noch ihren alten Namen: Sie wurde nicht umbenannt. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server answered with another group (id %1) than the one asked for (id %2), so its answer was not used. Try again; if it happens again, the server or something on the way to it is broken.</source>
        <translation>Der Server hat mit einer anderen Gruppe (ID %1) geantwortet als der angefragten (ID %2), daher wurde seine Antwort nicht verwendet. Versuchen Sie es erneut; passiert es wieder, ist der Server oder etwas auf dem Weg dorthin defekt.</translation>
    </message>
    <message>
        <source>The server did not answer, and it could not be found out whether “%1” was created: it may have been. Refresh before you create it again.</source>
        <translation>Der Server hat nicht geantwortet, und es ließ sich nicht feststellen, ob „%1“ angelegt wurde: Es kann sein. Aktualisieren Sie, bevor Sie die Gruppe erneut anlegen.</translation>
    </message>
    <message>
        <source>The server refused the name (HTTP %1).</source>
        <translation>Der Server hat den Namen abgelehnt (HTTP %1).</translation>
    </message>
    <message>
        <source>The proxy refused to pass the request on: it asks for a user name and password it accepts (HTTP 407). Check the proxy&apos;s settings; in https_proxy they go in its address, e.g. http://user:password@proxy.example:3128.</source>
        <translation>Der Proxy hat die Anfrage nicht weitergeleitet: Er verlangt einen Benutzernamen und ein Passwort, die er annimmt (HTTP 407). Prüfen Sie die Proxy-Einstellungen; in https_proxy gehören sie in die Adresse, z. B. http://benutzer:passwort@proxy.example:3128.</translation>
    </message>
    <message>
        <source>The server did not find %1 of the %2 groups asked for by id.</source>
        <translation>Der Server hat %1 der %2 nach ID angefragten Gruppen nicht gefunden.</translation>
    </message>
    <message>
        <source>The server did not filter the groups by id.</source>
        <translation>Der Server hat die Gruppen nicht nach ID gefiltert.</translation>
    </message>
    <message>
        <source>This server does not offer adding KPIs to groups; add them in Quantive&apos;s web app.</source>
        <translation>Dieser Server bietet das Hinzufügen von KPIs zu Gruppen nicht an; fügen Sie sie in der Web-App von Quantive hinzu.</translation>
    </message>
</context>
<context>
    <name>ApiInput</name>
    <message>
        <source>%1 is not a KPI group id: ids are 24 hexadecimal digits (0-9, a-f).</source>
        <translation>%1 ist keine KPI-Gruppen-ID: IDs bestehen aus 24 Hexadezimalziffern (0–9, a–f).</translation>
    </message>
    <message>
        <source>%1 is not a KPI id: ids are 24 hexadecimal digits (0-9, a-f).</source>
        <translation>%1 ist keine KPI-ID: IDs bestehen aus 24 Hexadezimalziffern (0–9, a–f).</translation>
    </message>
    <message>
        <source>%1 is not a user id: ids are 24 hexadecimal digits (0-9, a-f).</source>
        <translation>%1 ist keine Benutzer-ID: IDs bestehen aus 24 Hexadezimalziffern (0–9, a–f).</translation>
    </message>
    <message>
        <source>%1 is not an account id: it is 24 hexadecimal digits (0-9, a-f), as in the address of your Quantive account.</source>
        <translation>%1 ist keine Konto-ID: Sie besteht aus 24 Hexadezimalziffern (0–9, a–f), wie in der Adresse Ihres Quantive-Kontos.</translation>
    </message>
    <message>
        <source>The API token contains a line break, a space or another character an API token cannot have. Copy it again from Quantive.</source>
        <translation>Das API-Token enthält einen Zeilenumbruch, ein Leerzeichen oder ein anderes Zeichen, das ein API-Token nicht haben kann. Kopieren Sie es erneut aus Quantive.</translation>
    </message>
    <message>
        <source>This name has characters that do not show, such as a line break or one that reverses text. The list shows them as %1.</source>
        <translation>Dieser Name enthält unsichtbare Zeichen, etwa einen Zeilenumbruch oder eines, das Text umkehrt. Die Liste zeigt sie als %1.</translation>
    </message>
</context>
<context>
    <name>CliRunner</name>
    <message>
        <source>Quantive Results KPI groups from the shell.</source>
        <translation>KPI-Gruppen von Quantive Results in der Shell.</translation>
    </message>
    <message>
        <source>What to do; see Commands above.</source>
        <translation>Was zu tun ist; siehe Commands oben.</translation>
    </message>
    <message>
        <source>Data centre: eu (default), us, as, sa or au.</source>
        <translation>Rechenzentrum: eu (Standard), us, as, sa oder au.</translation>
    </message>
    <message>
        <source>Any API base URL (overrides --region).</source>
        <translation>Beliebige API-Basis-URL (statt --region).</translation>
    </message>
    <message>
        <source>Account id (default: $QUANTIVE_ACCOUNT_ID).</source>
        <translation>Konto-ID (Standard: $QUANTIVE_ACCOUNT_ID).</translation>
    </message>
    <message>
        <source>Print JSON instead of a table.</source>
        <translation>JSON statt einer Tabelle ausgeben.</translation>
    </message>
    <message>
        <source>Read the API token from the first line of standard input.</source>
        <translation>Das API-Token aus der ersten Zeile der Standardeingabe lesen.</translation>
    </message>
    <message>
        <source>list: Mongo-style filter, e.g. {&quot;favorite&quot;:true}.</source>
        <translation>list: Filter im Mongo-Stil, z. B. {&quot;favorite&quot;:true}.</translation>
    </message>
    <message>
        <source>list: fields to sort by, &apos;-&apos; for descending.</source>
        <translation>list: Felder, nach denen sortiert wird, „-“ für absteigend.</translation>
    </message>
    <message>
        <source>list: fields to return.</source>
        <translation>list: Felder, die zurückgegeben werden.</translation>
    </message>
    <message>
        <source>list: groups to skip.</source>
        <translation>list: Anzahl der zu überspringenden Gruppen.</translation>
    </message>
    <message>
        <source>list: groups to return at most (up to %1).</source>
        <translation>list: höchstens so viele Gruppen zurückgeben (bis %1).</translation>
    </message>
    <message>
        <source>list: every page, fetched in parallel.</source>
        <translation>list: alle Seiten, parallel abgerufen.</translation>
    </message>
    <message>
        <source>Which command? Try --help.</source>
        <translation>Welcher Befehl? Versuchen Sie --help.</translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;. Try --help.</source>
        <translation>Unbekannter Befehl „%1“. Versuchen Sie --help.</translation>
    </message>
    <message>
        <source>Usage: kpigroups-cli %1</source>
        <translation>Aufruf: kpigroups-cli %1</translation>
    </message>
    <message>
        <source>Unknown region &apos;%1&apos;: use eu, us, as, sa or au.</source>
        <translation>Unbekannte Region „%1“: Verwenden Sie eu, us, as, sa oder au.</translation>
    </message>
    <message>
        <source>No account id: pass --account or set QUANTIVE_ACCOUNT_ID.</source>
        <translation>Keine Konto-ID: Geben Sie --account an oder setzen Sie QUANTIVE_ACCOUNT_ID.</translation>
    </message>
    <message>
        <source>--timeout needs a number of seconds from 1 to 3600.</source>
        <translation>--timeout braucht eine Anzahl Sekunden von 1 bis 3600.</translation>
    </message>
    <message>
        <source>--token-stdin was given, but standard input had no token.</source>
        <translation>--token-stdin wurde angegeben, aber die Standardeingabe enthielt kein Token.</translation>
    </message>
    <message>
        <source>--%1 needs a whole number of at least 0.</source>
        <translation>--%1 braucht eine ganze Zahl von mindestens 0.</translation>
    </message>
    <message>
        <source>--take can be at most %1; use --all for every group.</source>
        <translation>--take darf höchstens %1 sein; verwenden Sie --all für alle Gruppen.</translation>
    </message>
    <message>
        <source>%1 of 1 group</source>
        <translation>%1 von 1 Gruppe</translation>
    </message>
    <message>
        <source>%1 of %2 groups</source>
        <translation>%1 von %2 Gruppen</translation>
    </message>
    <message>
        <source>Renamed %1 to &quot;%2&quot;.
</source>
        <translation>%1 in „%2“ umbenannt.
</translation>
    </message>
    <message>
        <source>Deleted %1; its KPIs are kept.
</source>
        <translation>%1 gelöscht; seine KPIs bleiben erhalten.
</translation>
    </message>
    <message>
        <source>Starred %1.
</source>
        <translation>%1 mit Stern markiert.
</translation>
    </message>
    <message>
        <source>Unstarred %1.
</source>
        <translation>Stern von %1 entfernt.
</translation>
    </message>
    <message>
        <source>Removed KPI %1 from group %2.
</source>
        <translation>KPI %1 aus Gruppe %2 entfernt.
</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>★</source>
        <translation>★</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>UPDATED</source>
        <translation>GEÄNDERT</translation>
    </message>
    <message>
        <source>OWNER</source>
        <translation>VERANTWORTLICH</translation>
    </message>
    <message>
        <source>GROUPS</source>
        <translation>GRUPPEN</translation>
    </message>
    <message>
        <source>No KPIs in this group.</source>
        <translation>Keine KPIs in dieser Gruppe.</translation>
    </message>
    <message>
        <source>only %1 of %2 groups could be read. %3</source>
        <translation>nur %1 von %2 Gruppen konnten gelesen werden. %3</translation>
    </message>
    <message>
        <source>Note: the server said it had %1 groups; all %2 were read, to the end of the list.</source>
        <translation>Hinweis: Der Server hat %1 Gruppen angekündigt; alle %2 wurden gelesen, bis zum Ende der Liste.</translation>
    </message>
    <message>
        <source>Note: the server also sent %1 KPIs that are not in this group; they are not shown.</source>
        <translation>Hinweis: Der Server hat außerdem %1 KPIs geschickt, die nicht in dieser Gruppe sind; sie werden nicht angezeigt.</translation>
    </message>
    <message>
        <source>Seconds the whole command may take, every attempt included (default: no limit; each attempt stops after %1 s).</source>
        <translation>Sekunden, die der ganze Befehl dauern darf, alle Versuche eingeschlossen (Standard: keine Grenze; jeder Versuch endet nach %1 s).</translation>
    </message>
    <message>
        <source>No answer within %1 s (--timeout), so the command stopped; it is not known whether the change was made. Check before you try again.</source>
        <translation>Keine Antwort innerhalb von %1 s (--timeout), daher wurde der Befehl beendet; ob die Änderung vorgenommen wurde, ist unbekannt. Prüfen Sie es, bevor Sie es erneut versuchen.</translation>
    </message>
    <message>
        <source>No complete answer within %1 s (--timeout), so the command stopped. Try again later, or allow more time with --timeout.</source>
        <translation>Keine vollständige Antwort innerhalb von %1 s (--timeout), daher wurde der Befehl beendet. Versuchen Sie es später erneut, oder lassen Sie mit --timeout mehr Zeit.</translation>
    </message>
    <message>
        <source>%1 groups were read, but the list could not be read whole. %2</source>
        <translation>%1 Gruppen wurden gelesen, aber die Liste ließ sich nicht vollständig lesen. %2</translation>
    </message>
    <message>
        <source>A KPI cannot be moved to the group it is in.</source>
        <translation>Ein KPI kann nicht in die Gruppe verschoben werden, in der er schon ist.</translation>
    </message>
    <message>
        <source>--filter needs a JSON object, such as {&quot;favorite&quot;:true}.</source>
        <translation>--filter braucht ein JSON-Objekt, etwa {&quot;favorite&quot;:true}.</translation>
    </message>
    <message>
        <source>--all reads every group and --take only some: give one of them.</source>
        <translation>--all liest jede Gruppe und --take nur einige: Geben Sie eines von beiden an.</translation>
    </message>
    <message>
        <source>No API token: %1.</source>
        <translation>Kein API-Token: %1.</translation>
    </message>
    <message>
        <source>No API token.</source>
        <translation>Kein API-Token.</translation>
    </message>
    <message>
        <source>Set QUANTIVE_TOKEN, pass --token-stdin, or connect once with the KPI Groups app so that the keychain has it.</source>
        <translation>Setzen Sie QUANTIVE_TOKEN, übergeben Sie --token-stdin oder verbinden Sie sich einmal mit der App KPI Groups, damit der Schlüsselbund es hat.</translation>
    </message>
    <message>
        <source>none in the keychain for this account</source>
        <translation>keines im Schlüsselbund für dieses Konto</translation>
    </message>
    <message>
        <source>No KPI group with the id %1 in this account.</source>
        <translation>Keine KPI-Gruppe mit der ID %1 in diesem Konto.</translation>
    </message>
    <message>
        <source>Created %1 &quot;%2&quot;.
</source>
        <translation>%1 „%2“ erstellt.
</translation>
    </message>
    <message>
        <source>No KPI %1 in a group %2. The order is remove-kpi KPI_ID GROUP_ID.</source>
        <translation>Kein KPI %1 in einer Gruppe %2. Die Reihenfolge ist remove-kpi KPI_ID GROUP_ID.</translation>
    </message>
    <message>
        <source>Added KPI %1 to group %2.
</source>
        <translation>KPI %1 zur Gruppe %2 hinzugefügt.
</translation>
    </message>
    <message>
        <source>KPI %1 was added to group %2, but could not be taken out of the other: %3</source>
        <translation>KPI %1 wurde zur Gruppe %2 hinzugefügt, konnte aber nicht aus der anderen entfernt werden: %3</translation>
    </message>
    <message>
        <source>Moved KPI %1 from group %2 to group %3.
</source>
        <translation>KPI %1 von Gruppe %2 nach Gruppe %3 verschoben.
</translation>
    </message>
    <message>
        <source>list, kpis: print CSV instead of a table (RFC 4180, UTF-8 without a BOM; a value that starts with = + - or @ gets a leading &apos;).</source>
        <translation>list, kpis: CSV statt einer Tabelle ausgeben (RFC 4180, UTF-8 ohne BOM; ein Wert, der mit = + - oder @ beginnt, erhält ein vorangestelltes &apos;).</translation>
    </message>
    <message>
        <source>--csv and --json are two ways to print the same: give one of them.</source>
        <translation>--csv und --json sind zwei Arten, dasselbe auszugeben: Geben Sie eine davon an.</translation>
    </message>
    <message>
        <source>--csv is for the lists: list and kpis.</source>
        <translation>--csv gilt für die Listen: list und kpis.</translation>
    </message>
    <message>
        <source>Only %1 of the groups asked for could be read, so none is shown. %2</source>
        <translation>Nur %1 der angeforderten Gruppen konnten gelesen werden, daher wird keine angezeigt. %2</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Try the &amp;demo</source>
        <translation>&amp;Demo ausprobieren</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Connect to Quantive</source>
        <translation>Mit Quantive verbinden</translation>
    </message>
    <message>
        <source>Data centre</source>
        <translation>Rechenzentrum</translation>
    </message>
    <message>
        <source>Another address…</source>
        <translation>Andere Adresse…</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Account id</source>
        <translation>Konto-ID</translation>
    </message>
    <message>
        <source>24 characters, e.g. 5be26318e5274a0007f17f61</source>
        <translation>24 Zeichen, z. B. 5be26318e5274a0007f17f61</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>Paste your API token</source>
        <translation>API-Token einfügen</translation>
    </message>
    <message>
        <source>Explore the app on a built-in sample account; nothing leaves this computer.</source>
        <translation>Die App an einem eingebauten Beispielkonto erkunden; nichts verlässt diesen Computer.</translation>
    </message>
    <message>
        <source>&amp;Data centre</source>
        <translation>&amp;Rechenzentrum</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>Server&amp;adresse</translation>
    </message>
    <message>
        <source>Account &amp;id</source>
        <translation>Konto-&amp;ID</translation>
    </message>
    <message>
        <source>API &amp;token</source>
        <translation>API-&amp;Token</translation>
    </message>
    <message>
        <source>Create a token in Quantive under Settings → Integrations → API tokens. It is kept in your system&apos;s keychain, never in plain files.</source>
        <translation>Erstellen Sie ein Token in Quantive unter Einstellungen → Integrationen → API-Tokens. Es wird im Schlüsselbund Ihres Systems aufbewahrt, nie in einfachen Dateien.</translation>
    </message>
    <message>
        <source>Create a token in Quantive under Settings → Integrations → API tokens. The system keychain cannot be used: the token is kept for this session only.</source>
        <translation>Erstellen Sie ein Token in Quantive unter Einstellungen → Integrationen → API-Tokens. Der Schlüsselbund des Systems ist nicht verfügbar: Das Token wird nur für diese Sitzung aufbewahrt.</translation>
    </message>
    <message>
        <source>The account id is missing.</source>
        <translation>Die Konto-ID fehlt.</translation>
    </message>
    <message>
        <source>The account id is 24 hex digits (0–9, a–f); “%1” is not.</source>
        <translation>Die Konto-ID besteht aus 24 Hexadezimalziffern (0–9, a–f); „%1“ nicht.</translation>
    </message>
    <message>
        <source>The API token is missing.</source>
        <translation>Das API-Token fehlt.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>The server did not accept this API token. Check that it is complete and has not been revoked.</source>
        <translation>Der Server hat dieses API-Token nicht akzeptiert. Prüfen Sie, ob es vollständig ist und nicht widerrufen wurde.</translation>
    </message>
    <message>
        <source>This token cannot open that account. Check the account id, and the data centre.</source>
        <translation>Mit diesem Token lässt sich dieses Konto nicht öffnen. Prüfen Sie die Konto-ID und das Rechenzentrum.</translation>
    </message>
    <message>
        <source>Name of the connection</source>
        <translation>Name der Verbindung</translation>
    </message>
    <message>
        <source>Shown in the window&apos;s title and in File → Switch Connection. Left empty, the data centre and the account&apos;s short id are shown.</source>
        <translation>Wird im Fenstertitel und unter Datei → Verbindung wechseln angezeigt. Leer gelassen, werden das Rechenzentrum und die kurze Konto-ID angezeigt.</translation>
    </message>
    <message>
        <source>&amp;Name (optional)</source>
        <translation>&amp;Name (optional)</translation>
    </message>
    <message>
        <source>Connects to %1</source>
        <translation>Verbindet mit %1</translation>
    </message>
</context>
<context>
    <name>ConnectionFlow</name>
    <message>
        <source>it gave no reason</source>
        <translation>ohne Angabe von Gründen</translation>
    </message>
    <message>
        <source>The demo could not start its local server.</source>
        <translation>Die Demo konnte ihren lokalen Server nicht starten.</translation>
    </message>
    <message>
        <source>Your token could not be saved in the system keychain (%1). It is kept for this session only.</source>
        <translation>Ihr Token konnte nicht im Schlüsselbund des Systems gespeichert werden (%1). Es wird nur für diese Sitzung aufbewahrt.</translation>
    </message>
    <message>
        <source>Enter the API token for %1.</source>
        <translation>Geben Sie das API-Token für %1 ein.</translation>
    </message>
    <message>
        <source>The system keychain did not give the saved token (%1). Enter it again; it will be kept for this session only.</source>
        <translation>Der Schlüsselbund des Systems hat das gespeicherte Token nicht herausgegeben (%1). Geben Sie es erneut ein; es wird nur für diese Sitzung aufbewahrt.</translation>
    </message>
    <message>
        <source>The token for %1 was never saved: the system keychain could not be used when it was entered (%2). Enter it again; it will be kept for this session only.</source>
        <translation>Das Token für %1 wurde nie gespeichert: Der Systemschlüsselbund konnte bei der Eingabe nicht verwendet werden (%2). Geben Sie es erneut ein; es wird nur für diese Sitzung aufbewahrt.</translation>
    </message>
    <message>
        <source>Quantive did not accept the API token from the QUANTIVE_TOKEN environment variable (it may be mistyped or revoked). Enter a valid token to go on.</source>
        <translation>Quantive hat das API-Token aus der Umgebungsvariable QUANTIVE_TOKEN nicht akzeptiert (vielleicht vertippt oder widerrufen). Geben Sie ein gültiges Token ein, um fortzufahren.</translation>
    </message>
    <message>
        <source>Quantive did not accept the API token for this account any more (it may have been revoked). Enter a valid token to go on.</source>
        <translation>Quantive akzeptiert das API-Token für dieses Konto nicht mehr (vielleicht wurde es widerrufen). Geben Sie ein gültiges Token ein, um fortzufahren.</translation>
    </message>
    <message>
        <source>This connection and its token are forgotten on this computer.</source>
        <translation>Diese Verbindung und ihr Token sind auf diesem Computer vergessen.</translation>
    </message>
</context>
<context>
    <name>ConnectionNameDialog</name>
    <message>
        <source>Rename Connection</source>
        <translation>Verbindung umbenennen</translation>
    </message>
    <message>
        <source>&amp;Name of this connection:</source>
        <translation>&amp;Name dieser Verbindung:</translation>
    </message>
    <message>
        <source>Name of this connection</source>
        <translation>Name dieser Verbindung</translation>
    </message>
    <message>
        <source>Shown in the window&apos;s title and in File → Switch Connection. Left empty, the connection is called “%1”.</source>
        <translation>Wird im Fenstertitel und unter Datei → Verbindung wechseln angezeigt. Leer gelassen, heißt die Verbindung „%1“.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
</context>
<context>
    <name>DemoHint</name>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>About the demo</source>
        <translation>Über die Demo</translation>
    </message>
    <message>
        <source>Close the introduction to the demo</source>
        <translation>Einführung in die Demo schließen</translation>
    </message>
    <message>
        <source>This is the demo.</source>
        <translation>Dies ist die Demo.</translation>
    </message>
    <message>
        <source>Its groups and KPIs are sample data: nothing you do here leaves this computer.</source>
        <translation>Ihre Gruppen und KPIs sind Beispieldaten: Nichts, was Sie hier tun, verlässt diesen Computer.</translation>
    </message>
    <message>
        <source>A KPI group is a named set of KPIs. Drag a KPI out of its group to remove it, or onto another group in the list to move it there (hold Ctrl to add it and keep it here too).</source>
        <translation>Eine KPI-Gruppe ist eine benannte Menge von KPIs. Ziehen Sie einen KPI aus seiner Gruppe, um ihn zu entfernen, oder auf eine andere Gruppe, um ihn zu verschieben (mit Strg wird er dort hinzugefügt und bleibt auch hier).</translation>
    </message>
    <message>
        <source>To work on your own account, choose %1.</source>
        <translation>Für Ihr eigenes Konto wählen Sie %1.</translation>
    </message>
    <message>
        <source>To work on your own account, choose %1 (%2).</source>
        <translation>Für Ihr eigenes Konto wählen Sie %1 (%2).</translation>
    </message>
    <message>
        <source>Close (%1); %2 shows it again</source>
        <translation>Schließen (%1); %2 zeigt sie wieder an</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
<context>
    <name>FavoriteButton</name>
    <message>
        <source>Favorite</source>
        <translation>Favorit</translation>
    </message>
    <message>
        <source>Remove the star (Ctrl+D)</source>
        <translation>Stern entfernen (Strg+D)</translation>
    </message>
    <message>
        <source>Star this group (Ctrl+D)</source>
        <translation>Diese Gruppe mit Stern markieren (Strg+D)</translation>
    </message>
    <message>
        <source>Starred</source>
        <translation>Mit Stern</translation>
    </message>
    <message>
        <source>Not starred</source>
        <translation>Ohne Stern</translation>
    </message>
</context>
<context>
    <name>GroupActions</name>
    <message>
        <source>Could not star “%1”. %2</source>
        <translation>„%1“ konnte nicht mit Stern markiert werden. %2</translation>
    </message>
    <message>
        <source>Could not remove the star from “%1”. %2</source>
        <translation>Der Stern von „%1“ konnte nicht entfernt werden. %2</translation>
    </message>
    <message>
        <source>Could not delete “%1”. %2</source>
        <translation>„%1“ konnte nicht gelöscht werden. %2</translation>
    </message>
    <message>
        <source>Could not create “%1”. %2</source>
        <translation>„%1“ konnte nicht angelegt werden. %2</translation>
    </message>
    <message>
        <source>“%1” is not created yet: it can be renamed once the server has it.</source>
        <translation>„%1“ ist noch nicht angelegt: Die Gruppe lässt sich umbenennen, sobald der Server sie hat.</translation>
    </message>
    <message>
        <source>“%1” is not created yet: it can be starred once the server has it.</source>
        <translation>„%1“ ist noch nicht angelegt: Die Gruppe lässt sich mit Stern markieren, sobald der Server sie hat.</translation>
    </message>
</context>
<context>
    <name>GroupChooserDialog</name>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Gruppe:</translation>
    </message>
    <message>
        <source>Type to find a group</source>
        <translation>Tippen, um eine Gruppe zu finden</translation>
    </message>
    <message>
        <source>Find a group</source>
        <translation>Gruppe suchen</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>Auswählen</translation>
    </message>
</context>
<context>
    <name>GroupDetailPane</name>
    <message>
        <source>Select a KPI group to see and edit it.</source>
        <translation>Wählen Sie eine KPI-Gruppe, um sie zu sehen und zu bearbeiten.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Delete Group…</source>
        <translation>Gruppe &amp;löschen…</translation>
    </message>
    <message>
        <source>Group name</source>
        <translation>Gruppenname</translation>
    </message>
    <message>
        <source>Save the new name (Enter)</source>
        <translation>Den neuen Namen speichern (Eingabetaste)</translation>
    </message>
    <message>
        <source>Go back to the saved name (Esc)</source>
        <translation>Zum gespeicherten Namen zurückkehren (Esc)</translation>
    </message>
    <message>
        <source>Why the name was not saved</source>
        <translation>Warum der Name nicht gespeichert wurde</translation>
    </message>
    <message>
        <source>Group id</source>
        <translation>Gruppen-ID</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the group id</source>
        <translation>Die Gruppen-ID kopieren</translation>
    </message>
    <message>
        <source>Delete this group; its KPIs are kept (Del)</source>
        <translation>Diese Gruppe löschen; ihre KPIs bleiben erhalten (Entf)</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>%1, by %2</source>
        <translation>%1, von %2</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>A draft kept from when the app last closed, not saved yet: press Enter to save it.</source>
        <translation>Ein Entwurf vom letzten Schließen der App, noch nicht gespeichert: Drücken Sie die Eingabetaste, um ihn zu speichern.</translation>
    </message>
    <message>
        <source>KPIs in no group</source>
        <translation>KPIs ohne Gruppe</translation>
    </message>
</context>
<context>
    <name>GroupItemDelegate</name>
    <message>
        <source>Remove the star</source>
        <translation>Stern entfernen</translation>
    </message>
    <message>
        <source>Star this group</source>
        <translation>Diese Gruppe mit Stern markieren</translation>
    </message>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n KPI</numerusform>
            <numerusform>%n KPIs</numerusform>
        </translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>Erstellt %1</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Geändert %1</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>noch nicht gesendet</translation>
    </message>
    <message>
        <source>A change to this group waits to be sent: the server could not take it yet.</source>
        <translation>Eine Änderung an dieser Gruppe wartet darauf, gesendet zu werden: Der Server konnte sie noch nicht annehmen.</translation>
    </message>
    <message>
        <source>name not saved</source>
        <translation>Name nicht gespeichert</translation>
    </message>
    <message>
        <source>A name typed for this group is kept and not saved yet: open the group to save or discard it.</source>
        <translation>Ein für diese Gruppe eingegebener Name ist aufbewahrt, aber noch nicht gespeichert: Öffnen Sie die Gruppe, um ihn zu speichern oder zu verwerfen.</translation>
    </message>
</context>
<context>
    <name>GroupKpiActions</name>
    <message>
        <source>Removed “%1” from “%2”.</source>
        <translation>„%1“ aus „%2“ entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n KPIs from “%1”.</source>
        <translation>
            <numerusform>%n KPI aus „%1“ entfernt.</numerusform>
            <numerusform>%n KPIs aus „%1“ entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” had already left “%2”; someone else removed it.</source>
        <translation>„%1“ war schon nicht mehr in „%2“; jemand anderes hat ihn entfernt.</translation>
    </message>
    <message>
        <source>“%1” is back in “%2”: it could not be removed. %3</source>
        <translation>„%1“ ist wieder in „%2“: Er konnte nicht entfernt werden. %3</translation>
    </message>
    <message>
        <source>Could not load the KPIs of “%1”. %2</source>
        <translation>Die KPIs von „%1“ konnten nicht geladen werden. %2</translation>
    </message>
    <message>
        <source>Could not load the KPIs in no group. %1</source>
        <translation>Die KPIs ohne Gruppe konnten nicht geladen werden. %1</translation>
    </message>
</context>
<context>
    <name>GroupKpisPanel</name>
    <message>
        <source>&amp;Remove from Group</source>
        <translation>Aus Gruppe &amp;entfernen</translation>
    </message>
    <message>
        <source>Search KPIs</source>
        <translation>KPIs durchsuchen</translation>
    </message>
    <message>
        <source>Take the selected KPIs out of this group; they are kept (Del)</source>
        <translation>Die ausgewählten KPIs aus dieser Gruppe nehmen; sie bleiben erhalten (Entf)</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPIs</translation>
    </message>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n KPI</numerusform>
            <numerusform>%n KPIs</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading KPIs…</source>
        <translation>KPIs werden geladen…</translation>
    </message>
    <message>
        <source>No KPIs in this group</source>
        <translation>Keine KPIs in dieser Gruppe</translation>
    </message>
    <message>
        <source>No KPI matches “%1”.</source>
        <translation>Kein KPI passt zu „%1“.</translation>
    </message>
    <message>
        <source>The KPIs of this group could not be loaded.</source>
        <translation>Die KPIs dieser Gruppe konnten nicht geladen werden.</translation>
    </message>
</context>
<context>
    <name>GroupLinks</name>
    <message>
        <source>Copied the id of “%1”.</source>
        <translation>ID von „%1“ kopiert.</translation>
    </message>
    <message>
        <source>Copied the link to “%1”.</source>
        <translation>Link zu „%1“ kopiert.</translation>
    </message>
    <message numerus="yes">
        <source>Copied the links to %n groups, one a line.</source>
        <translation>
            <numerusform>Link zu %n Gruppe kopiert.</numerusform>
            <numerusform>Links zu %n Gruppen kopiert, einer pro Zeile.</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened “%1” in Quantive.</source>
        <translation>„%1“ in Quantive geöffnet.</translation>
    </message>
    <message>
        <source>No web browser could open %1.</source>
        <translation>Kein Webbrowser konnte %1 öffnen.</translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message>
        <source>%1, starred</source>
        <translation>%1, mit Stern</translation>
    </message>
    <message numerus="yes">
        <source>%1, starred, %n KPI(s)</source>
        <translation>
            <numerusform>%1, mit Stern, %n KPI</numerusform>
            <numerusform>%1, mit Stern, %n KPIs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %n KPI(s)</source>
        <translation>
            <numerusform>%1, %n KPI</numerusform>
            <numerusform>%1, %n KPIs</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, a change waits to be sent</source>
        <translation>%1, eine Änderung wartet darauf, gesendet zu werden</translation>
    </message>
    <message>
        <source>%1, a name typed is not saved</source>
        <translation>%1, ein eingegebener Name ist nicht gespeichert</translation>
    </message>
</context>
<context>
    <name>GroupListPane</name>
    <message>
        <source>Search groups (Ctrl+F)</source>
        <translation>Gruppen durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search groups</source>
        <translation>Gruppen durchsuchen</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>Sortieren</translation>
    </message>
    <message>
        <source>Sort and favorites</source>
        <translation>Sortierung und Favoriten</translation>
    </message>
    <message>
        <source>Sort order, and favorites first</source>
        <translation>Sortierung, und Favoriten zuerst</translation>
    </message>
    <message>
        <source>Show favorites only (Ctrl+Shift+F)</source>
        <translation>Nur Favoriten zeigen (Strg+Umschalt+F)</translation>
    </message>
    <message>
        <source>Favorites only</source>
        <translation>Nur Favoriten</translation>
    </message>
    <message>
        <source>KPI groups</source>
        <translation>KPI-Gruppen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln group(s)</source>
        <translation>
            <numerusform>%Ln Gruppe</numerusform>
            <numerusform>%Ln Gruppen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln group(s)</source>
        <translation>
            <numerusform>%1 von %Ln Gruppe</numerusform>
            <numerusform>%1 von %Ln Gruppen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — incomplete: the server has %2</source>
        <translation>%1 – unvollständig: Der Server hat %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>The server cannot be reached.
The groups show here once it answers.</source>
        <translation>Der Server ist nicht erreichbar.
Die Gruppen erscheinen hier, sobald er antwortet.</translation>
    </message>
    <message>
        <source>The KPI groups could not be loaded.</source>
        <translation>Die KPI-Gruppen konnten nicht geladen werden.</translation>
    </message>
    <message>
        <source>No KPI groups yet.
Press Ctrl+N to create one.</source>
        <translation>Noch keine KPI-Gruppen.
Mit Strg+N legen Sie eine an.</translation>
    </message>
    <message>
        <source>No group matches “%1”.</source>
        <translation>Keine Gruppe passt zu „%1“.</translation>
    </message>
    <message>
        <source>No favorites yet.
Star a group with Ctrl+D to see it here.</source>
        <translation>Noch keine Favoriten.
Markieren Sie eine Gruppe mit Strg+D, um sie hier zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>KPIs in no group</source>
        <translation>KPIs ohne Gruppe</translation>
    </message>
    <message>
        <source>The KPIs that are in no group; drag them onto a group to add them</source>
        <translation>Die KPIs, die in keiner Gruppe sind; ziehen Sie sie auf eine Gruppe, um sie hinzuzufügen</translation>
    </message>
</context>
<context>
    <name>GroupListRefresh</name>
    <message>
        <source>Could not load the KPI groups. %1</source>
        <translation>Die KPI-Gruppen konnten nicht geladen werden. %1</translation>
    </message>
</context>
<context>
    <name>KeychainTokenStore</name>
    <message>
        <source>The system keychain did not answer (it may be locked).</source>
        <translation>Der Schlüsselbund des Systems hat nicht geantwortet (vielleicht ist er gesperrt).</translation>
    </message>
</context>
<context>
    <name>KpiItemDelegate</name>
    <message>
        <source>Owner %1 · in no other group</source>
        <translation>Verantwortlich: %1 · in keiner anderen Gruppe</translation>
    </message>
    <message numerus="yes">
        <source>Owner %1 · also in %n other group(s)</source>
        <translation>
            <numerusform>Verantwortlich: %1 · auch in %n anderen Gruppe</numerusform>
            <numerusform>Verantwortlich: %1 · auch in %n anderen Gruppen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiListView</name>
    <message>
        <source>KPIs in this group</source>
        <translation>KPIs in dieser Gruppe</translation>
    </message>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n KPI</numerusform>
            <numerusform>%n KPIs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiMenu</name>
    <message>
        <source>Copy &amp;Name</source>
        <translation>&amp;Namen kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;Id</source>
        <translation>&amp;ID kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;Link</source>
        <translation>&amp;Link kopieren</translation>
    </message>
    <message>
        <source>&amp;Open in Quantive</source>
        <translation>In Quantive &amp;öffnen</translation>
    </message>
    <message>
        <source>Other &amp;Groups</source>
        <translation>Andere &amp;Gruppen</translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Names of %n KPIs</source>
        <translation>
            <numerusform>&amp;Namen von %n KPI kopieren</numerusform>
            <numerusform>&amp;Namen von %n KPIs kopieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Ids of %n KPIs</source>
        <translation>
            <numerusform>&amp;ID von %n KPI kopieren</numerusform>
            <numerusform>&amp;IDs von %n KPIs kopieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Links to %n KPIs</source>
        <translation>
            <numerusform>&amp;Link zu %n KPI kopieren</numerusform>
            <numerusform>&amp;Links zu %n KPIs kopieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy the address of the KPI&apos;s page in Quantive&apos;s web app</source>
        <translation>Die Adresse der Seite des KPIs in der Web-App von Quantive kopieren</translation>
    </message>
    <message>
        <source>Opens one KPI at a time: select only one.</source>
        <translation>Öffnet einen KPI nach dem anderen: Wählen Sie nur einen aus.</translation>
    </message>
    <message>
        <source>Open the KPI&apos;s page in Quantive&apos;s web app</source>
        <translation>Die Seite des KPIs in der Web-App von Quantive öffnen</translation>
    </message>
    <message>
        <source>Shows the other groups of one KPI: select only one.</source>
        <translation>Zeigt die anderen Gruppen eines einzelnen KPIs: Wählen Sie nur einen aus.</translation>
    </message>
    <message>
        <source>“%1” is in no other group.</source>
        <translation>„%1“ ist in keiner anderen Gruppe.</translation>
    </message>
    <message>
        <source>The other groups this KPI is in, to go to one</source>
        <translation>Die anderen Gruppen dieses KPIs, um zu einer zu wechseln</translation>
    </message>
    <message>
        <source>Copied the name of “%1”.</source>
        <translation>Namen von „%1“ kopiert.</translation>
    </message>
    <message numerus="yes">
        <source>Copied the names of %n KPIs, one a line.</source>
        <translation>
            <numerusform>Namen von %n KPI kopiert.</numerusform>
            <numerusform>Namen von %n KPIs kopiert, einer pro Zeile.</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the id of “%1”.</source>
        <translation>ID von „%1“ kopiert.</translation>
    </message>
    <message numerus="yes">
        <source>Copied the ids of %n KPIs, one a line.</source>
        <translation>
            <numerusform>ID von %n KPI kopiert.</numerusform>
            <numerusform>IDs von %n KPIs kopiert, eine pro Zeile.</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the link to “%1”.</source>
        <translation>Link zu „%1“ kopiert.</translation>
    </message>
    <message numerus="yes">
        <source>Copied the links to %n KPIs, one a line.</source>
        <translation>
            <numerusform>Link zu %n KPI kopiert.</numerusform>
            <numerusform>Links zu %n KPIs kopiert, einer pro Zeile.</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened “%1” in Quantive.</source>
        <translation>„%1“ in Quantive geöffnet.</translation>
    </message>
    <message>
        <source>No web browser could open %1.</source>
        <translation>Kein Webbrowser konnte %1 öffnen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Could not load the other groups: %1</source>
        <translation>Die anderen Gruppen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>None left: the other groups were deleted</source>
        <translation>Keine mehr: Die anderen Gruppen wurden gelöscht</translation>
    </message>
    <message>
        <source>“%1” is not in the list yet: reading the list again…</source>
        <translation>„%1“ ist noch nicht in der Liste: Die Liste wird neu gelesen…</translation>
    </message>
</context>
<context>
    <name>KpiPlacements</name>
    <message>
        <source>Choose a group to put the KPIs in.</source>
        <translation>Wählen Sie eine Gruppe für die KPIs.</translation>
    </message>
    <message>
        <source>The KPIs are in “%1” already.</source>
        <translation>Die KPIs sind schon in „%1“.</translation>
    </message>
    <message>
        <source>“%1” is in “%2” already.</source>
        <translation>„%1“ ist schon in „%2“.</translation>
    </message>
    <message>
        <source>These KPIs are all in “%1” already.</source>
        <translation>Diese KPIs sind alle schon in „%1“.</translation>
    </message>
    <message>
        <source>Added “%1” to “%2”.</source>
        <translation>„%1“ zu „%2“ hinzugefügt.</translation>
    </message>
    <message numerus="yes">
        <source>Added %n KPIs to “%1”.</source>
        <translation>
            <numerusform>%n KPI zu „%1“ hinzugefügt.</numerusform>
            <numerusform>%n KPIs zu „%1“ hinzugefügt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Moved “%1” from “%2” to “%3”.</source>
        <translation>„%1“ von „%2“ nach „%3“ verschoben.</translation>
    </message>
    <message numerus="yes">
        <source>Moved %n KPIs from “%1” to “%2”.</source>
        <translation>
            <numerusform>%n KPI von „%1“ nach „%2“ verschoben.</numerusform>
            <numerusform>%n KPIs von „%1“ nach „%2“ verschoben.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is back in “%2”: it could not be moved to “%3”. %4</source>
        <translation>„%1“ ist wieder in „%2“: Er konnte nicht nach „%3“ verschoben werden. %4</translation>
    </message>
    <message>
        <source>“%1” could not be added to “%2”. %3</source>
        <translation>„%1“ konnte nicht zu „%2“ hinzugefügt werden. %3</translation>
    </message>
</context>
<context>
    <name>KpiPlacing</name>
    <message>
        <source>&amp;Add to Group…</source>
        <translation>Zu Gruppe &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Move to Group…</source>
        <translation>In Gruppe &amp;verschieben…</translation>
    </message>
    <message>
        <source>Put the selected KPIs in another group too</source>
        <translation>Die ausgewählten KPIs zusätzlich in eine andere Gruppe aufnehmen</translation>
    </message>
    <message>
        <source>Take the selected KPIs out of this group into another</source>
        <translation>Die ausgewählten KPIs aus dieser Gruppe in eine andere verschieben</translation>
    </message>
    <message numerus="yes">
        <source>Add %n KPI(s) to Group</source>
        <translation>
            <numerusform>%n KPI zu Gruppe hinzufügen</numerusform>
            <numerusform>%n KPIs zu Gruppe hinzufügen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n KPI(s) to Group</source>
        <translation>
            <numerusform>%n KPI in Gruppe verschieben</numerusform>
            <numerusform>%n KPIs in Gruppe verschieben</numerusform>
        </translation>
    </message>
    <message>
        <source>Add here</source>
        <translation>Hier hinzufügen</translation>
    </message>
    <message>
        <source>Move here (Ctrl: add)</source>
        <translation>Hierher verschieben (Strg: hinzufügen)</translation>
    </message>
</context>
<context>
    <name>KpiRemoveZone</name>
    <message>
        <source>Remove from group</source>
        <translation>Aus Gruppe entfernen</translation>
    </message>
    <message>
        <source>Drop here to remove from “%1”</source>
        <translation>Hier ablegen, um aus „%1“ zu entfernen</translation>
    </message>
</context>
<context>
    <name>ListExport</name>
    <message>
        <source>Export List</source>
        <translation>Liste exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>KPI groups</source>
        <translation>KPI-Gruppen</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln group(s) to %1.</source>
        <translation>
            <numerusform>%Ln Gruppe nach %1 exportiert.</numerusform>
            <numerusform>%Ln Gruppen nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not export to %1: %2 — nothing was written.</source>
        <translation>Export nach %1 nicht möglich: %2 — es wurde nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>KPI Groups</source>
        <translation>KPI Groups</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Saving your changes before closing…</source>
        <translation>Ihre Änderungen werden vor dem Schließen gespeichert…</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) to %1 could not be sent yet: kept, to be sent the next time you open that connection.</source>
        <translation>
            <numerusform>%n Änderung an %1 konnte noch nicht gesendet werden: Sie wird aufbewahrt und beim nächsten Öffnen dieser Verbindung gesendet.</numerusform>
            <numerusform>%n Änderungen an %1 konnten noch nicht gesendet werden: Sie werden aufbewahrt und beim nächsten Öffnen dieser Verbindung gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting for the server to take the changes… Close again to choose again.</source>
        <translation>Es wird gewartet, bis der Server die Änderungen annimmt… Erneut schließen, um neu zu wählen.</translation>
    </message>
    <message>
        <source>Not connected: enter the token to see what changed since.</source>
        <translation>Nicht verbunden: Geben Sie das Token ein, um zu sehen, was sich seitdem geändert hat.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
</context>
<context>
    <name>NewGroupDialog</name>
    <message>
        <source>New KPI Group</source>
        <translation>Neue KPI-Gruppe</translation>
    </message>
    <message>
        <source>&amp;Name of the new group:</source>
        <translation>&amp;Name der neuen Gruppe:</translation>
    </message>
    <message>
        <source>Name of the new group</source>
        <translation>Name der neuen Gruppe</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>The folder %1 could not be made.</source>
        <translation>Der Ordner %1 konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>The folder %1 cannot be written to.</source>
        <translation>In den Ordner %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>The lock beside %1 could not be made.</source>
        <translation>Die Sperrdatei neben %1 konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Too many windows of this connection are open.</source>
        <translation>Es sind zu viele Fenster dieser Verbindung geöffnet.</translation>
    </message>
    <message>
        <source>%1 is a link that could not be moved aside.</source>
        <translation>%1 ist eine Verknüpfung, die nicht beiseitegelegt werden konnte.</translation>
    </message>
    <message>
        <source>The end of the journal could not be cut off again.</source>
        <translation>Das Ende des Journals konnte nicht wieder abgeschnitten werden.</translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message>
        <source>Changes Not Sent Yet</source>
        <translation>Noch nicht gesendete Änderungen</translation>
    </message>
    <message>
        <source>Changes not sent yet</source>
        <translation>Noch nicht gesendete Änderungen</translation>
    </message>
    <message>
        <source>&amp;Send Now</source>
        <translation>Jetzt &amp;senden</translation>
    </message>
    <message>
        <source>Try the server now instead of waiting for the next try</source>
        <translation>Es jetzt beim Server versuchen, statt auf den nächsten Versuch zu warten</translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation>&amp;Verwerfen…</translation>
    </message>
    <message>
        <source>Give up on the selected changes: they are not sent</source>
        <translation>Die ausgewählten Änderungen aufgeben: Sie werden nicht gesendet</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>%n Änderung hat den Server noch nicht erreicht.</numerusform>
            <numerusform>%n Änderungen haben den Server noch nicht erreicht.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server cannot be reached; the app keeps trying by itself.</source>
        <translation>Der Server ist nicht erreichbar; die App versucht es von selbst weiter.</translation>
    </message>
    <message>
        <source>Next try: %1.</source>
        <translation>Nächster Versuch: %1.</translation>
    </message>
    <message numerus="yes">
        <source>Discard %n change(s)?</source>
        <translation>
            <numerusform>%n Änderung verwerfen?</numerusform>
            <numerusform>%n Änderungen verwerfen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>What waits is kept if you quit, and sent the next time you open this connection.</source>
        <translation>Was wartet, bleibt beim Beenden erhalten und wird beim nächsten Öffnen dieser Verbindung gesendet.</translation>
    </message>
    <message>
        <source>%1 — last try: %2</source>
        <translation>%1 – letzter Versuch: %2</translation>
    </message>
    <message>
        <source>Discard Changes</source>
        <translation>Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Discarded changes are not sent, and the list shows what the server has again.</source>
        <translation>Verworfene Änderungen werden nicht gesendet, und die Liste zeigt wieder den Stand des Servers.</translation>
    </message>
    <message>
        <source>&amp;Open Group</source>
        <translation>Gruppe ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show the group of the selected name typed and not saved</source>
        <translation>Die Gruppe des ausgewählten, nicht gespeicherten Namens anzeigen</translation>
    </message>
    <message>
        <source>Nothing waits to be sent.</source>
        <translation>Nichts wartet auf das Senden.</translation>
    </message>
    <message>
        <source>No change waits to be sent. Names typed and not saved are listed: open their group to save them.</source>
        <translation>Keine Änderung wartet auf das Senden. Eingegebene, nicht gespeicherte Namen sind aufgeführt: Öffnen Sie ihre Gruppe, um sie zu speichern.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Create “%1”</source>
        <translation>„%1“ anlegen</translation>
    </message>
    <message>
        <source>Rename “%1” to “%2”</source>
        <translation>„%1“ in „%2“ umbenennen</translation>
    </message>
    <message>
        <source>Delete “%1”</source>
        <translation>„%1“ löschen</translation>
    </message>
    <message>
        <source>Star “%1”</source>
        <translation>„%1“ mit Stern markieren</translation>
    </message>
    <message>
        <source>Remove the star from “%1”</source>
        <translation>Stern von „%1“ entfernen</translation>
    </message>
    <message>
        <source>Remove “%1” from “%2”</source>
        <translation>„%1“ aus „%2“ entfernen</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Waits for the changes before it</source>
        <translation>Wartet auf die Änderungen davor</translation>
    </message>
    <message>
        <source>Next to go</source>
        <translation>Als Nächste an der Reihe</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Vorgenommen</translation>
    </message>
    <message>
        <source>Last try</source>
        <translation>Letzter Versuch</translation>
    </message>
    <message>
        <source>Sent once it can no longer be undone</source>
        <translation>Wird gesendet, sobald es nicht mehr rückgängig gemacht werden kann</translation>
    </message>
    <message>
        <source>Name “%1” typed for “%2”, not saved</source>
        <translation>Name „%1“ für „%2“ eingegeben, nicht gespeichert</translation>
    </message>
    <message>
        <source>Not sent: open the group to save it, or discard it</source>
        <translation>Nicht gesendet: Öffnen Sie die Gruppe, um ihn zu speichern, oder verwerfen Sie ihn</translation>
    </message>
    <message>
        <source>Move “%1” from “%2” to “%3” (added; to leave “%2”)</source>
        <translation>„%1“ von „%2“ nach „%3“ verschieben (hinzugefügt; verlässt noch „%2“)</translation>
    </message>
    <message>
        <source>Add “%1” to “%2”</source>
        <translation>„%1“ zu „%2“ hinzufügen</translation>
    </message>
    <message>
        <source>Move “%1” from “%2” to “%3”</source>
        <translation>„%1“ von „%2“ nach „%3“ verschieben</translation>
    </message>
</context>
<context>
    <name>Regions</name>
    <message>
        <source>The account id is missing.</source>
        <translation>Die Konto-ID fehlt.</translation>
    </message>
    <message>
        <source>The API token is missing.</source>
        <translation>Das API-Token fehlt.</translation>
    </message>
    <message>
        <source>The server address is not a valid URL.</source>
        <translation>Die Serveradresse ist keine gültige URL.</translation>
    </message>
    <message>
        <source>The server address must start with https:// (plain http is only allowed for this computer, such as the local sandbox).</source>
        <translation>Die Serveradresse muss mit https:// beginnen (einfaches http ist nur für diesen Computer erlaubt, etwa für die lokale Sandbox).</translation>
    </message>
    <message>
        <source>Europe (EU)</source>
        <translation>Europa (EU)</translation>
    </message>
    <message>
        <source>United States (US)</source>
        <translation>Vereinigte Staaten (US)</translation>
    </message>
    <message>
        <source>Asia (AS)</source>
        <translation>Asien (AS)</translation>
    </message>
    <message>
        <source>South America (SA)</source>
        <translation>Südamerika (SA)</translation>
    </message>
    <message>
        <source>Australia (AU)</source>
        <translation>Australien (AU)</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>vor %n Minute</numerusform>
            <numerusform>vor %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>vor %n Stunde</numerusform>
            <numerusform>vor %n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>gestern</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n week(s) ago</source>
        <translation>
            <numerusform>vor %n Woche</numerusform>
            <numerusform>vor %n Wochen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n month(s) ago</source>
        <translation>
            <numerusform>vor %n Monat</numerusform>
            <numerusform>vor %n Monaten</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>SavedConnection</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>A connection&apos;s name cannot have characters that do not show, such as a line break or one that reverses text (here: %1).</source>
        <translation>Der Name einer Verbindung darf keine unsichtbaren Zeichen enthalten, etwa einen Zeilenumbruch oder eines, das Text umkehrt (hier: %1).</translation>
    </message>
</context>
<context>
    <name>SelectionSummary</name>
    <message>
        <source>S&amp;tar All</source>
        <translation>Alle mit S&amp;tern markieren</translation>
    </message>
    <message>
        <source>&amp;Unstar All</source>
        <translation>Alle Sterne &amp;entfernen</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) selected</source>
        <translation>
            <numerusform>%n Gruppe ausgewählt</numerusform>
            <numerusform>%n Gruppen ausgewählt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Star the %n group(s) selected (Ctrl+D)</source>
        <translation>
            <numerusform>Die ausgewählte Gruppe mit Stern markieren (Strg+D)</numerusform>
            <numerusform>Die %n ausgewählten Gruppen mit Stern markieren (Strg+D)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the star of the %n group(s) selected</source>
        <translation>
            <numerusform>Den Stern der ausgewählten Gruppe entfernen</numerusform>
            <numerusform>Die Sterne der %n ausgewählten Gruppen entfernen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Group(s)…</source>
        <translation>
            <numerusform>%n Gruppe &amp;löschen…</numerusform>
            <numerusform>%n Gruppen &amp;löschen…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the %n group(s) selected; their KPIs are kept (Del)</source>
        <translation>
            <numerusform>Die ausgewählte Gruppe löschen; ihre KPIs bleiben erhalten (Entf)</numerusform>
            <numerusform>Die %n ausgewählten Gruppen löschen; ihre KPIs bleiben erhalten (Entf)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Created “%1”.</source>
        <translation>„%1“ angelegt.</translation>
    </message>
    <message>
        <source>Deleted “%1”. Its KPIs are kept.</source>
        <translation>„%1“ gelöscht. Ihre KPIs bleiben erhalten.</translation>
    </message>
    <message>
        <source>“%1” is gone: someone else deleted it.</source>
        <translation>„%1“ ist weg: Jemand anderes hat die Gruppe gelöscht.</translation>
    </message>
    <message>
        <source>Showing %1 of %2 groups: the rest could not be loaded. %3</source>
        <translation>%1 von %2 Gruppen werden angezeigt: Der Rest konnte nicht geladen werden. %3</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s) made before the app last closed…</source>
        <translation>
            <numerusform>%n Änderung von vor dem letzten Schließen der App wird gesendet…</numerusform>
            <numerusform>%n Änderungen von vor dem letzten Schließen der App werden gesendet…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s) made earlier on this connection…</source>
        <translation>
            <numerusform>%n zuvor über diese Verbindung gemachte Änderung wird gesendet…</numerusform>
            <numerusform>%n zuvor über diese Verbindung gemachte Änderungen werden gesendet…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n groups. Their KPIs are kept.</source>
        <translation>
            <numerusform>%n Gruppe gelöscht. Ihre KPIs bleiben erhalten.</numerusform>
            <numerusform>%n Gruppen gelöscht. Ihre KPIs bleiben erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved name(s) kept from the last time.</source>
        <translation>
            <numerusform>%n nicht gespeicherter Name vom letzten Mal aufbewahrt.</numerusform>
            <numerusform>%n nicht gespeicherte Namen vom letzten Mal aufbewahrt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved name(s) in %1.</source>
        <translation>
            <numerusform>%n nicht gespeicherter Name in %1.</numerusform>
            <numerusform>%n nicht gespeicherte Namen in %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionMessages</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>The changes kept from the last time could not be read, so none of them was sent. The file was set aside as %1.</source>
        <translation>Die vom letzten Mal aufbewahrten Änderungen konnten nicht gelesen werden, daher wurde keine davon gesendet. Die Datei wurde als %1 beiseitegelegt.</translation>
    </message>
    <message>
        <source>Some of the changes kept from the last time could not be read, and were not sent; the others are being sent. What could not be read was set aside as %1.</source>
        <translation>Einige der vom letzten Mal aufbewahrten Änderungen konnten nicht gelesen werden und wurden nicht gesendet; die anderen werden gesendet. Was nicht gelesen werden konnte, wurde als %1 beiseitegelegt.</translation>
    </message>
    <message>
        <source>Changes are saved to disk again.</source>
        <translation>Änderungen werden wieder auf dem Datenträger gesichert.</translation>
    </message>
    <message>
        <source>Changes cannot be saved to disk: %1 They are kept while the app runs and sent when the server answers, but would be lost if it closed first. Free some space, or check the folder.</source>
        <translation>Änderungen können nicht auf dem Datenträger gesichert werden: %1 Sie bleiben erhalten, solange die App läuft, und werden gesendet, sobald der Server antwortet, gingen aber verloren, wenn sie vorher geschlossen würde. Geben Sie Speicherplatz frei oder prüfen Sie den Ordner.</translation>
    </message>
</context>
<context>
    <name>StatusArea</name>
    <message>
        <source>Demo: sample data, nothing leaves this computer</source>
        <translation>Demo: Beispieldaten, nichts verlässt diesen Computer</translation>
    </message>
    <message>
        <source>Loading KPI groups…</source>
        <translation>KPI-Gruppen werden geladen…</translation>
    </message>
    <message>
        <source>Loading %1 of %2 groups…</source>
        <translation>%1 von %2 Gruppen werden geladen…</translation>
    </message>
    <message>
        <source>Up to date at %1</source>
        <translation>Aktuell um %1</translation>
    </message>
    <message>
        <source>Showing %1 of %2 groups: the rest could not be loaded.</source>
        <translation>%1 von %2 Gruppen werden angezeigt: Der Rest konnte nicht geladen werden.</translation>
    </message>
    <message>
        <source>Showing the list from %1; updating…</source>
        <translation>Liste vom %1; wird aktualisiert…</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting on %1, whose server cannot be reached</source>
        <translation>
            <numerusform>%n Änderung wartet auf %1, dessen Server nicht erreichbar ist</numerusform>
            <numerusform>%n Änderungen warten auf %1, dessen Server nicht erreichbar ist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting on %1</source>
        <translation>
            <numerusform>%n Änderung wartet auf %1</numerusform>
            <numerusform>%n Änderungen warten auf %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Its server cannot be reached now: the app keeps trying, and sends them once it answers.</source>
        <translation>Ihr Server ist gerade nicht erreichbar: Die App versucht es weiter und sendet sie, sobald er antwortet.</translation>
    </message>
    <message>
        <source>Being sent in the background.</source>
        <translation>Wird im Hintergrund gesendet.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not saved to disk</source>
        <translation>
            <numerusform>%n Änderung nicht auf dem Datenträger gesichert</numerusform>
            <numerusform>%n Änderungen nicht auf dem Datenträger gesichert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n Änderung wartet auf das Senden</numerusform>
            <numerusform>%n Änderungen warten auf das Senden</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved to disk: %1</source>
        <translation>Nicht auf dem Datenträger gesichert: %1</translation>
    </message>
    <message>
        <source>Offline: the server cannot be reached. The app keeps trying.</source>
        <translation>Offline: Der Server ist nicht erreichbar. Die App versucht es weiter.</translation>
    </message>
    <message>
        <source>Offline: showing the list from %1</source>
        <translation>Offline: Liste mit Stand %1</translation>
    </message>
    <message>
        <source>The server cannot be reached. The app keeps trying, and sends what waits once it answers.</source>
        <translation>Der Server ist nicht erreichbar. Die App versucht es weiter und sendet die wartenden Änderungen, sobald er antwortet.</translation>
    </message>
</context>
<context>
    <name>UndoRedo</name>
    <message>
        <source>Remove “%1” from “%2”</source>
        <translation>„%1“ aus „%2“ entfernen</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n KPIs from “%1”</source>
        <translation>
            <numerusform>%n KPI aus „%1“ entfernen</numerusform>
            <numerusform>%n KPIs aus „%1“ entfernen</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename “%1” to “%2”</source>
        <translation>„%1“ in „%2“ umbenennen</translation>
    </message>
    <message>
        <source>Star “%1”</source>
        <translation>„%1“ mit Stern markieren</translation>
    </message>
    <message>
        <source>Remove the Star from “%1”</source>
        <translation>Stern von „%1“ entfernen</translation>
    </message>
    <message numerus="yes">
        <source>Star %n Groups</source>
        <translation>
            <numerusform>%n Gruppe mit Stern markieren</numerusform>
            <numerusform>%n Gruppen mit Stern markieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the Star from %n Groups</source>
        <translation>
            <numerusform>Stern von %n Gruppe entfernen</numerusform>
            <numerusform>Stern von %n Gruppen entfernen</numerusform>
        </translation>
    </message>
    <message>
        <source>Undone: %1.</source>
        <translation>Rückgängig gemacht: %1.</translation>
    </message>
    <message>
        <source>Redone: %1.</source>
        <translation>Wiederholt: %1.</translation>
    </message>
    <message>
        <source>%1: too late to undo, the removal has been sent.</source>
        <translation>%1: Zu spät zum Rückgängigmachen, das Entfernen wurde gesendet.</translation>
    </message>
    <message>
        <source>%1: cannot be undone, the group is gone.</source>
        <translation>%1: Lässt sich nicht rückgängig machen, die Gruppe ist weg.</translation>
    </message>
    <message>
        <source>%1: show that group to do it again.</source>
        <translation>%1: Zeigen Sie diese Gruppe, um es zu wiederholen.</translation>
    </message>
    <message>
        <source>%1: cannot be redone, the group is gone.</source>
        <translation>%1: Lässt sich nicht wiederholen, die Gruppe ist weg.</translation>
    </message>
    <message>
        <source>Add “%1” to “%2”</source>
        <translation>„%1“ zu „%2“ hinzufügen</translation>
    </message>
    <message numerus="yes">
        <source>Add %n KPIs to “%1”</source>
        <translation>
            <numerusform>%n KPI zu „%1“ hinzufügen</numerusform>
            <numerusform>%n KPIs zu „%1“ hinzufügen</numerusform>
        </translation>
    </message>
    <message>
        <source>Move “%1” to “%2”</source>
        <translation>„%1“ nach „%2“ verschieben</translation>
    </message>
    <message numerus="yes">
        <source>Move %n KPIs to “%1”</source>
        <translation>
            <numerusform>%n KPI nach „%1“ verschieben</numerusform>
            <numerusform>%n KPIs nach „%1“ verschieben</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: cannot be redone.</source>
        <translation>%1: kann nicht wiederholt werden.</translation>
    </message>
    <message>
        <source>%1: cannot be undone.</source>
        <translation>%1: kann nicht rückgängig gemacht werden.</translation>
    </message>
</context>
<context>
    <name>WebLinks</name>
    <message>
        <source>No link to Quantive&apos;s web app from this server&apos;s address: its path does not end in %1, and there is no telling where the web app is.</source>
        <translation>Kein Link zur Web-App von Quantive von der Adresse dieses Servers aus: Ihr Pfad endet nicht auf %1, daher ist nicht bekannt, wo die Web-App ist.</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>&amp;Forget This Connection</source>
        <translation>Diese Verbindung ver&amp;gessen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Changes &amp;Not Sent Yet…</source>
        <translation>&amp;Noch nicht gesendete Änderungen…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;New Group…</source>
        <translation>&amp;Neue Gruppe…</translation>
    </message>
    <message>
        <source>&amp;Delete Group…</source>
        <translation>&amp;Gruppe löschen…</translation>
    </message>
    <message>
        <source>&amp;Star</source>
        <translation>Mit &amp;Stern markieren</translation>
    </message>
    <message>
        <source>Copy Group &amp;Id</source>
        <translation>Gruppen-&amp;ID kopieren</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>Su&amp;chen…</translation>
    </message>
    <message>
        <source>&amp;Favorites Only</source>
        <translation>Nur &amp;Favoriten</translation>
    </message>
    <message>
        <source>&amp;Reverse Order</source>
        <translation>&amp;Umgekehrte Reihenfolge</translation>
    </message>
    <message>
        <source>Sort by &amp;Name</source>
        <translation>Nach &amp;Name sortieren</translation>
    </message>
    <message>
        <source>Sort by Last &amp;Update</source>
        <translation>Nach letzter &amp;Änderung sortieren</translation>
    </message>
    <message>
        <source>Sort by &amp;Creation</source>
        <translation>Nach &amp;Erstellung sortieren</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Go to the &amp;Message</source>
        <translation>Zur &amp;Meldung</translation>
    </message>
    <message>
        <source>&amp;About KPI Groups</source>
        <translation>Über &amp;KPI Groups</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Switch Connection</source>
        <translation>Verbindung &amp;wechseln</translation>
    </message>
    <message numerus="yes">
        <source>Remove &amp;Star from %n Groups</source>
        <translation>
            <numerusform>&amp;Stern von %n Gruppe entfernen</numerusform>
            <numerusform>&amp;Stern von %n Gruppen entfernen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Star %n Groups</source>
        <translation>
            <numerusform>%n Gruppe mit &amp;Stern markieren</numerusform>
            <numerusform>%n Gruppen mit &amp;Stern markieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Groups…</source>
        <translation>
            <numerusform>%n &amp;Gruppe löschen…</numerusform>
            <numerusform>%n &amp;Gruppen löschen…</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove &amp;Star</source>
        <translation>&amp;Stern entfernen</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Rückgängig: %1</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>Delete the selected groups</source>
        <translation>Die ausgewählten Gruppen löschen</translation>
    </message>
    <message>
        <source>Remove the selected KPIs from the group</source>
        <translation>Die ausgewählten KPIs aus der Gruppe entfernen</translation>
    </message>
    <message>
        <source>Del in the list of KPIs</source>
        <translation>Entf in der KPI-Liste</translation>
    </message>
    <message>
        <source>Menu of the selected group or KPI</source>
        <translation>Menü der ausgewählten Gruppe oder des KPI</translation>
    </message>
    <message>
        <source>Shift+F10 or the Menu key</source>
        <translation>Umschalt+F10 oder die Menütaste</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <source>Esc in the search field</source>
        <translation>Esc im Suchfeld</translation>
    </message>
    <message>
        <source>From the search to the groups</source>
        <translation>Von der Suche zu den Gruppen</translation>
    </message>
    <message>
        <source>Down or Enter</source>
        <translation>Pfeil nach unten oder Eingabetaste</translation>
    </message>
    <message>
        <source>Re&amp;load All Groups</source>
        <translation>Alle Gruppen neu &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Open in Quantive</source>
        <translation>In Quantive &amp;öffnen</translation>
    </message>
    <message>
        <source>Copy &amp;Link</source>
        <translation>&amp;Link kopieren</translation>
    </message>
    <message>
        <source>Opens one group at a time: select only one.</source>
        <translation>Öffnet eine Gruppe nach der anderen: Wählen Sie nur eine aus.</translation>
    </message>
    <message>
        <source>Open the group&apos;s page in Quantive&apos;s web app (%1)</source>
        <translation>Die Seite der Gruppe in der Web-App von Quantive öffnen (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Links to %n Groups</source>
        <translation>
            <numerusform>&amp;Link zu %n Gruppe kopieren</numerusform>
            <numerusform>&amp;Links zu %n Gruppen kopieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy the address of the group&apos;s page in Quantive&apos;s web app (%1)</source>
        <translation>Die Adresse der Seite der Gruppe in der Web-App von Quantive kopieren (%1)</translation>
    </message>
    <message>
        <source>Copy the names of the selected KPIs</source>
        <translation>Die Namen der ausgewählten KPIs kopieren</translation>
    </message>
    <message>
        <source>%1 in the list of KPIs</source>
        <translation>%1 in der KPI-Liste</translation>
    </message>
    <message>
        <source>&amp;Export List…</source>
        <translation>Liste &amp;exportieren…</translation>
    </message>
    <message>
        <source>Rena&amp;me Connection…</source>
        <translation>Verbindung &amp;umbenennen…</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Rena&amp;me</source>
        <translation>&amp;Umbenennen</translation>
    </message>
    <message>
        <source>Fa&amp;vorites First</source>
        <translation>Favoriten &amp;zuerst</translation>
    </message>
    <message>
        <source>About the &amp;Demo</source>
        <translation>Über die &amp;Demo</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Wiederholen: %1</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <source>Delete “%1”?</source>
        <translation>„%1“ löschen?</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n groups?</source>
        <translation>
            <numerusform>%n Gruppe löschen?</numerusform>
            <numerusform>%n Gruppen löschen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete KPI Group</source>
        <translation>KPI-Gruppe löschen</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>Its KPIs are kept; they only leave this group. This cannot be undone.</source>
        <translation>Ihre KPIs bleiben erhalten; sie verlassen nur diese Gruppe. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Their KPIs are kept; they only leave these groups. This cannot be undone.</source>
        <translation>Ihre KPIs bleiben erhalten; sie verlassen nur diese Gruppen. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Delete Group</source>
        <translation>Gruppe löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Groups</source>
        <translation>
            <numerusform>%n Gruppe löschen</numerusform>
            <numerusform>%n Gruppen löschen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes Not Sent</source>
        <translation>Nicht gesendete Änderungen</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>%n Änderung hat den Server noch nicht erreicht.</numerusform>
            <numerusform>%n Änderungen haben den Server noch nicht erreicht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Send what waits the next time you open %1, wait here until its server has it, or discard it.</source>
        <translation>Senden Sie die wartenden Änderungen beim nächsten Öffnen von %1, warten Sie hier, bis der Server sie hat, oder verwerfen Sie sie.</translation>
    </message>
    <message>
        <source>These changes could not be saved to disk (%1): they will be lost unless the server of %2 takes them before the app closes. Wait here until it has them, or discard them.</source>
        <translation>Diese Änderungen konnten nicht auf dem Datenträger gesichert werden (%1): Sie gehen verloren, wenn der Server von %2 sie nicht annimmt, bevor die App geschlossen wird. Warten Sie hier, bis er sie hat, oder verwerfen Sie sie.</translation>
    </message>
    <message>
        <source>no place to keep them</source>
        <translation>kein Ort, um sie aufzubewahren</translation>
    </message>
    <message>
        <source>&amp;Send at Next Start</source>
        <translation>Beim nächsten &amp;Start senden</translation>
    </message>
    <message>
        <source>&amp;Wait for the Server</source>
        <translation>Auf den Server &amp;warten</translation>
    </message>
    <message>
        <source>&amp;Discard Them</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Delete Groups</source>
        <translation>Gruppen löschen</translation>
    </message>
    <message>
        <source>About KPI Groups</source>
        <translation>Über KPI Groups</translation>
    </message>
    <message>
        <source>&lt;h3&gt;KPI Groups %1&lt;/h3&gt;&lt;p&gt;A calm, fast desktop client for the KPI groups of Quantive Results.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;KPI Groups %1&lt;/h3&gt;&lt;p&gt;Ein ruhiger, schneller Desktop-Client für die KPI-Gruppen von Quantive Results.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>WindowTitle</name>
    <message>
        <source>Demo account</source>
        <translation>Demokonto</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>KPI groups of Quantive Results, on the desktop.</source>
        <translation>KPI-Gruppen von Quantive Results auf dem Desktop.</translation>
    </message>
    <message>
        <source>Run on a built-in sample account.</source>
        <translation>Mit einem eingebauten Beispielkonto starten.</translation>
    </message>
    <message>
        <source>Data centre: eu, us, as, sa or au.</source>
        <translation>Rechenzentrum: eu, us, as, sa oder au.</translation>
    </message>
    <message>
        <source>Any API base URL.</source>
        <translation>Beliebige API-Basis-URL.</translation>
    </message>
    <message>
        <source>Account id.</source>
        <translation>Konto-ID.</translation>
    </message>
    <message>
        <source>Save the window as a PNG once the list has loaded, then quit.</source>
        <translation>Das Fenster als PNG speichern, sobald die Liste geladen ist, dann beenden.</translation>
    </message>
    <message>
        <source>unknown region &apos;%1&apos;: use eu, us, as, sa or au</source>
        <translation>unbekannte Region „%1“: Verwenden Sie eu, us, as, sa oder au</translation>
    </message>
    <message>
        <source>could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>the list did not load within a minute</source>
        <translation>die Liste wurde nicht innerhalb einer Minute geladen</translation>
    </message>
</context>
</TS>
