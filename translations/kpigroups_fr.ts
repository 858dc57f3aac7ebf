<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>ApiError</name>
    <message>
        <source>Could not reach the server. Check your internet connection and try again.</source>
        <translation>Impossible de joindre le serveur. Vérifiez votre connexion Internet et réessayez.</translation>
    </message>
    <message>
        <source>The server took too long to answer. Try again in a moment.</source>
        <translation>Le serveur a mis trop de temps à répondre. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The API token was not accepted. Check it, or create a new one in Quantive under Settings → Integrations → API tokens.</source>
        <translation>Le jeton d’API n’a pas été accepté. Vérifiez-le, ou créez-en un nouveau dans Quantive sous Paramètres → Intégrations → Jetons d’API.</translation>
    </message>
    <message>
        <source>You have no access to this. Check the account id, or ask an administrator for the permission.</source>
        <translation>Vous n’avez pas accès à cette ressource. Vérifiez l’identifiant du compte, ou demandez l’autorisation à un administrateur.</translation>
    </message>
    <message>
        <source>The KPI is no longer in this group; someone may have removed it already.</source>
        <translation>Le KPI n’est plus dans ce groupe&#x202f;; quelqu’un l’a peut-être déjà retiré.</translation>
    </message>
    <message>
        <source>There is no KPI groups API at this address (HTTP 404). Check the server address or the region.</source>
        <translation>Il n’y a pas d’API de groupes de KPI à cette adresse (HTTP 404). Vérifiez l’adresse du serveur ou la région.</translation>
    </message>
    <message>
        <source>This KPI group no longer exists; someone may have deleted it. Refresh the list.</source>
        <translation>Ce groupe de KPI n’existe plus&#x202f;; quelqu’un l’a peut-être supprimé. Actualisez la liste.</translation>
    </message>
    <message>
        <source>The server refused the request as invalid.</source>
        <translation>Le serveur a refusé la requête comme non valide.</translation>
    </message>
    <message>
        <source>The server is receiving too many requests. Wait a minute, then try again.</source>
        <translation>Le serveur reçoit trop de requêtes. Attendez une minute, puis réessayez.</translation>
    </message>
    <message>
        <source>Your Quantive plan does not include this. Ask your account owner.</source>
        <translation>Votre offre Quantive ne comprend pas cette fonction. Adressez-vous au propriétaire du compte.</translation>
    </message>
    <message>
        <source>The server had a problem (HTTP %1). Try again later.</source>
        <translation>Le serveur a rencontré un problème (HTTP %1). Réessayez plus tard.</translation>
    </message>
    <message>
        <source>The server sent an answer the app cannot read. Try again; if it keeps happening, the API may have changed.</source>
        <translation>Le serveur a envoyé une réponse que l’application ne sait pas lire. Réessayez&#x202f;; si cela se reproduit, l’API a peut-être changé.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>La requête a été annulée.</translation>
    </message>
    <message>
        <source>The connection settings are incomplete.</source>
        <translation>Les paramètres de connexion sont incomplets.</translation>
    </message>
    <message>
        <source>The list could not be read whole. Try again.</source>
        <translation>La liste n’a pas pu être lue en entier. Réessayez.</translation>
    </message>
    <message>
        <source>The request reached the server, but no answer came back, so it is not known whether the change was made. Refresh to see what the server has.</source>
        <translation>La requête a atteint le serveur, mais aucune réponse n’est revenue&#xa0;: on ne sait donc pas si la modification a été faite. Actualisez pour voir l’état du serveur.</translation>
    </message>
    <message>
        <source>%1 The server said: %2</source>
        <translation>%1 Le serveur a répondu&#xa0;: %2</translation>
    </message>
    <message>
        <source>The server is receiving too many requests and asked to wait until %1, longer than the app waits by itself. Try again then.</source>
        <translation>Le serveur reçoit trop de requêtes et demande d’attendre jusqu’à %1, plus longtemps que l’application n’attend d’elle-même. Réessayez à ce moment-là.</translation>
    </message>
    <message>
        <source>The server sent the request on to another address. It was stopped there, so that your token stays with the server you chose. Check the server address.</source>
        <translation>Le serveur a renvoyé la requête vers une autre adresse. Elle y a été arrêtée, pour que votre jeton reste chez le serveur que vous avez choisi. Vérifiez l’adresse du serveur.</translation>
    </message>
    <message>
        <source>The server was still answering after %1 s, so the app stopped waiting. It is not known whether the change was made.</source>
        <translation>Le serveur répondait encore au bout de %1 s&#x202f;; l’application a donc cessé d’attendre. On ne sait pas si la modification a été faite.</translation>
    </message>
    <message>
        <source>The server was still sending its answer after %1 s, far slower than it should, so the app stopped waiting. Try again later.</source>
        <translation>Le serveur envoyait encore sa réponse au bout de %1 s, bien plus lentement que prévu&#x202f;; l’application a donc cessé d’attendre. Réessayez plus tard.</translation>
    </message>
    <message>
        <source>The server&apos;s answer grew past %1 MB, more than this request can need, so the app stopped reading it. Try again; if it happens again, the server or something on the way to it is broken.</source>
        <translation>La réponse du serveur a dépassé %1 Mo, plus que cette requête ne peut en demander&#x202f;; l’application a donc cessé de la lire. Réessayez&#x202f;; si cela se reproduit, le serveur ou un intermédiaire est défaillant.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified, so the app did not send anything. Check the server address.</source>
        <translation>Le certificat du serveur n’a pas pu être vérifié&#x202f;; l’application n’a donc rien envoyé. Vérifiez l’adresse du serveur.</translation>
    </message>
    <message>
        <source>The server kept sending the request on to another address, in a loop. Check the server address.</source>
        <translation>Le serveur renvoyait sans cesse la requête vers une autre adresse, en boucle. Vérifiez l’adresse du serveur.</translation>
    </message>
    <message>
        <source>The server did not answer in time, so it is not known whether the change was made.</source>
        <translation>Le serveur n’a pas répondu à temps&#xa0;: on ne sait pas si la modification a été faite.</translation>
    </message>
    <message>
        <source>The server started to answer, then went silent. Try again in a moment.</source>
        <translation>Le serveur a commencé à répondre, puis s’est tu. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The server closed the connection in the middle of its answer. Try again.</source>
        <translation>Le serveur a fermé la connexion au milieu de sa réponse. Réessayez.</translation>
    </message>
    <message>
        <source>The server closed the connection without answering. Try again.</source>
        <translation>Le serveur a fermé la connexion sans répondre. Réessayez.</translation>
    </message>
    <message>
        <source>A KPI group needs a name.</source>
        <translation>Un groupe de KPI doit avoir un nom.</translation>
    </message>
    <message>
        <source>The name is %1 characters long; a KPI group&apos;s name can have at most %2.</source>
        <translation>Le nom compte %1 caractères&#x202f;; le nom d’un groupe de KPI peut en avoir au plus %2.</translation>
    </message>
    <message>
        <source>The server answered with something that is not the API&apos;s answer (perhaps a sign-in page of the network or a proxy), so the change was most likely not made. Check the connection, then try again.</source>
        <translation>Le serveur a répondu par autre chose que la réponse de l’API (peut-être une page de connexion du réseau ou d’un proxy)&#x202f;; la modification n’a donc très probablement pas été faite. Vérifiez la connexion, puis réessayez.</translation>
    </message>
    <message>
        <source>The server kept answering with pages that brought nothing new.</source>
        <translation>Le serveur renvoyait sans cesse des pages sans rien de nouveau.</translation>
    </message>
    <message>
        <source>The list kept changing while it was read.</source>
        <translation>La liste changeait sans cesse pendant sa lecture.</translation>
    </message>
    <message>
        <source>The server said it had %1, and sent %2.</source>
        <translation>Le serveur en annonçait %1 et en a envoyé %2.</translation>
    </message>
    <message>
        <source>The server did not answer, and it has no new group named “%1”: it was not created. Try again.</source>
        <translation>Le serveur n’a pas répondu, et il n’a aucun nouveau groupe nommé «&#xa0;%1&#xa0;»&#xa0;: il n’a pas été créé. Réessayez.</translation>
    </message>
    <message>
        <source>The server did not answer, so it is not known whether the group was renamed to “%1”. Refresh to see its name.</source>
        <translation>Le serveur n’a pas répondu&#xa0;: on ne sait pas si le groupe a été renommé en «&#xa0;%1&#xa0;». Actualisez pour voir son nom.</translation>
    </message>
    <message>
        <source>The server did not answer, and the group still has its old name: it was not renamed. Try again.</source>
        <translation>Le serveur n’a pas répondu, et le groupe porte toujours son ancien nom&#xa0;: il n’a pas été renommé. Réessayez.</translation>
    </message>
    <message>
        <source>The server answered with another group (id %1) than the one asked for (id %2), so its answer was not used. Try again; if it happens again, the server or something on the way to it is broken.</source>
        <translation>Le serveur a répondu avec un autre groupe (identifiant %1) que celui demandé (identifiant %2)&#x202f;; sa réponse n’a donc pas été utilisée. Réessayez&#x202f;; si cela se reproduit, le serveur ou un intermédiaire est défaillant.</translation>
    </message>
    <message>
        <source>The server did not answer, and it could not be found out whether “%1” was created: it may have been. Refresh before you create it again.</source>
        <translation>Le serveur n’a pas répondu, et il n’a pas été possible de savoir si «&#xa0;%1&#xa0;» a été créé&#xa0;: il l’a peut-être été. Actualisez avant de le créer à nouveau.</translation>
    </message>
    <message>
        <source>The server refused the name (HTTP %1).</source>
        <translation>Le serveur a refusé le nom (HTTP %1).</translation>
    </message>
    <message>
        <source>The proxy refused to pass the request on: it asks for a user name and password it accepts (HTTP 407). Check the proxy&apos;s settings; in https_proxy they go in its address, e.g. http://user:password@proxy.example:3128.</source>
        <translation>Le proxy a refusé de transmettre la requête&#xa0;: il demande un nom d’utilisateur et un mot de passe qu’il accepte (HTTP 407). Vérifiez les réglages du proxy&#xa0;; dans https_proxy, ils se placent dans son adresse, p. ex. http://utilisateur:motdepasse@proxy.example:3128.</translation>
    </message>
    <message>
        <source>The server did not find %1 of the %2 groups asked for by id.</source>
        <translation>Le serveur n’a pas trouvé %1 des %2 groupes demandés par identifiant.</translation>
    </message>
    <message>
        <source>The server did not filter the groups by id.</source>
        <translation>Le serveur n’a pas filtré les groupes par identifiant.</translation>
    </message>
    <message>
        <source>This server does not offer adding KPIs to groups; add them in Quantive&apos;s web app.</source>
        <translation>Ce serveur ne permet pas d’ajouter des KPI à des groupes ; ajoutez-les dans l’application web de Quantive.</translation>
    </message>
</context>
<context>
    <name>ApiInput</name>
    <message>
        <source>%1 is not a KPI group id: ids are 24 hexadecimal digits (0-9, a-f).</source>
        <translation>%1 n’est pas un identifiant de groupe de KPI&#xa0;: un identifiant compte 24 chiffres hexadécimaux (0-9, a-f).</translation>
    </message>
    <message>
        <source>%1 is not a KPI id: ids are 24 hexadecimal digits (0-9, a-f).</source>
        <translation>%1 n’est pas un identifiant de KPI&#xa0;: un identifiant compte 24 chiffres hexadécimaux (0-9, a-f).</translation>
    </message>
    <message>
        <source>%1 is not a user id: ids are 24 hexadecimal digits (0-9, a-f).</source>
        <translation>%1 n’est pas un identifiant d’utilisateur&#xa0;: un identifiant compte 24 chiffres hexadécimaux (0-9, a-f).</translation>
    </message>
    <message>
        <source>%1 is not an account id: it is 24 hexadecimal digits (0-9, a-f), as in the address of your Quantive account.</source>
        <translation>%1 n’est pas un identifiant de compte&#xa0;: il compte 24 chiffres hexadécimaux (0-9, a-f), comme dans l’adresse de votre compte Quantive.</translation>
    </message>
    <message>
        <source>The API token contains a line break, a space or another character an API token cannot have. Copy it again from Quantive.</source>
        <translation>Le jeton d’API contient un saut de ligne, une espace ou un autre caractère qu’un jeton d’API ne peut pas contenir. Copiez-le à nouveau depuis Quantive.</translation>
    </message>
    <message>
        <source>This name has characters that do not show, such as a line break or one that reverses text. The list shows them as %1.</source>
        <translation>Ce nom contient des caractères invisibles, comme un saut de ligne ou un caractère qui inverse le texte. La liste les affiche ainsi&#x202f;: %1.</translation>
    </message>
</context>
<context>
    <name>CliRunner</name>
    <message>
        <source>Quantive Results KPI groups from the shell.</source>
        <translation>Les groupes de KPI de Quantive Results depuis le terminal.</translation>
    </message>
    <message>
        <source>What to do; see Commands above.</source>
        <translation>Ce qu’il faut faire&#x202f;; voir Commands ci-dessus.</translation>
    </message>
    <message>
        <source>Data centre: eu (default), us, as, sa or au.</source>
        <translation>Centre de données&#xa0;: eu (par défaut), us, as, sa ou au.</translation>
    </message>
    <message>
        <source>Any API base URL (overrides --region).</source>
        <translation>N’importe quelle URL de base de l’API (remplace --region).</translation>
    </message>
    <message>
        <source>Account id (default: $QUANTIVE_ACCOUNT_ID).</source>
        <translation>Identifiant du compte (par défaut&#xa0;: $QUANTIVE_ACCOUNT_ID).</translation>
    </message>
    <message>
        <source>Print JSON instead of a table.</source>
        <translation>Afficher du JSON au lieu d’un tableau.</translation>
    </message>
    <message>
        <source>Read the API token from the first line of standard input.</source>
        <translation>Lire le jeton d’API sur la première ligne de l’entrée standard.</translation>
    </message>
    <message>
        <source>list: Mongo-style filter, e.g. {&quot;favorite&quot;:true}.</source>
        <translation>list&#xa0;: filtre à la Mongo, p. ex. {&quot;favorite&quot;:true}.</translation>
    </message>
    <message>
        <source>list: fields to sort by, &apos;-&apos; for descending.</source>
        <translation>list&#xa0;: champs de tri, «&#xa0;-&#xa0;» pour l’ordre décroissant.</translation>
    </message>
    <message>
        <source>list: fields to return.</source>
        <translation>list&#xa0;: champs à renvoyer.</translation>
    </message>
    <message>
        <source>list: groups to skip.</source>
        <translation>list&#xa0;: nombre de groupes à sauter.</translation>
    </message>
    <message>
        <source>list: groups to return at most (up to %1).</source>
        <translation>list&#xa0;: nombre maximal de groupes à renvoyer (jusqu’à %1).</translation>
    </message>
    <message>
        <source>list: every page, fetched in parallel.</source>
        <translation>list&#xa0;: toutes les pages, chargées en parallèle.</translation>
    </message>
    <message>
        <source>Which command? Try --help.</source>
        <translation>Quelle commande&#x202f;? Essayez --help.</translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;. Try --help.</source>
        <translation>Commande inconnue «&#xa0;%1&#xa0;». Essayez --help.</translation>
    </message>
    <message>
        <source>Usage: kpigroups-cli %1</source>
        <translation>Utilisation&#xa0;: kpigroups-cli %1</translation>
    </message>
    <message>
        <source>Unknown region &apos;%1&apos;: use eu, us, as, sa or au.</source>
        <translation>Région inconnue «&#xa0;%1&#xa0;»&#xa0;: utilisez eu, us, as, sa ou au.</translation>
    </message>
    <message>
        <source>No account id: pass --account or set QUANTIVE_ACCOUNT_ID.</source>
        <translation>Aucun identifiant de compte&#xa0;: indiquez --account ou définissez QUANTIVE_ACCOUNT_ID.</translation>
    </message>
    <message>
        <source>--timeout needs a number of seconds from 1 to 3600.</source>
        <translation>--timeout attend un nombre de secondes entre 1 et 3600.</translation>
    </message>
    <message>
        <source>--token-stdin was given, but standard input had no token.</source>
        <translation>--token-stdin a été indiqué, mais l’entrée standard ne contenait aucun jeton.</translation>
    </message>
    <message>
        <source>--%1 needs a whole number of at least 0.</source>
        <translation>--%1 attend un nombre entier supérieur ou égal à 0.</translation>
    </message>
    <message>
        <source>--take can be at most %1; use --all for every group.</source>
        <translation>--take vaut au plus %1&#x202f;; utilisez --all pour tous les groupes.</translation>
    </message>
    <message>
        <source>%1 of 1 group</source>
        <translation>%1 sur 1 groupe</translation>
    </message>
    <message>
        <source>%1 of %2 groups</source>
        <translation>%1 sur %2 groupes</translation>
    </message>
    <message>
        <source>Renamed %1 to &quot;%2&quot;.
</source>
        <translation>%1 renommé en «&#xa0;%2&#xa0;».
</translation>
    </message>
    <message>
        <source>Deleted %1; its KPIs are kept.
</source>
        <translation>%1 supprimé&#x202f;; ses KPI sont conservés.
</translation>
    </message>
    <message>
        <source>Starred %1.
</source>
        <translation>%1 ajouté aux favoris.
</translation>
    </message>
    <message>
        <source>Unstarred %1.
</source>
        <translation>%1 retiré des favoris.
</translation>
    </message>
    <message>
        <source>Removed KPI %1 from group %2.
</source>
        <translation>KPI %1 retiré du groupe %2.
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
        <translation>NOM</translation>
    </message>
    <message>
        <source>UPDATED</source>
        <translation>MODIFIÉ</translation>
    </message>
    <message>
        <source>OWNER</source>
        <translation>RESPONSABLE</translation>
    </message>
    <message>
        <source>GROUPS</source>
        <translation>GROUPES</translation>
    </message>
    <message>
        <source>No KPIs in this group.</source>
        <translation>Aucun KPI dans ce groupe.</translation>
    </message>
    <message>
        <source>only %1 of %2 groups could be read. %3</source>
        <translation>seuls %1 groupes sur %2 ont pu être lus. %3</translation>
    </message>
    <message>
        <source>Note: the server said it had %1 groups; all %2 were read, to the end of the list.</source>
        <translation>Remarque&#xa0;: le serveur annonçait %1 groupes&#xa0;; les %2 ont tous été lus, jusqu’à la fin de la liste.</translation>
    </message>
    <message>
        <source>Note: the server also sent %1 KPIs that are not in this group; they are not shown.</source>
        <translation>Remarque&#xa0;: le serveur a aussi envoyé %1 KPI qui ne sont pas dans ce groupe&#xa0;; ils ne sont pas affichés.</translation>
    </message>
    <message>
        <source>Seconds the whole command may take, every attempt included (default: no limit; each attempt stops after %1 s).</source>
        <translation>Secondes que peut durer toute la commande, toutes les tentatives comprises (par défaut&#xa0;: aucune limite&#xa0;; chaque tentative s’arrête après %1&#xa0;s).</translation>
    </message>
    <message>
        <source>No answer within %1 s (--timeout), so the command stopped; it is not known whether the change was made. Check before you try again.</source>
        <translation>Aucune réponse en %1&#xa0;s (--timeout)&#xa0;: la commande s’est arrêtée, et on ne sait pas si la modification a été faite. Vérifiez avant de réessayer.</translation>
    </message>
    <message>
        <source>No complete answer within %1 s (--timeout), so the command stopped. Try again later, or allow more time with --timeout.</source>
        <translation>Aucune réponse complète en %1&#xa0;s (--timeout)&#xa0;: la commande s’est arrêtée. Réessayez plus tard, ou accordez plus de temps avec --timeout.</translation>
    </message>
    <message>
        <source>%1 groups were read, but the list could not be read whole. %2</source>
        <translation>%1 groupes ont été lus, mais la liste n’a pas pu être lue en entier. %2</translation>
    </message>
    <message>
        <source>A KPI cannot be moved to the group it is in.</source>
        <translation>Un KPI ne peut pas être déplacé vers le groupe où il se trouve.</translation>
    </message>
    <message>
        <source>--filter needs a JSON object, such as {&quot;favorite&quot;:true}.</source>
        <translation>--filter attend un objet JSON, par exemple {&quot;favorite&quot;:true}.</translation>
    </message>
    <message>
        <source>--all reads every group and --take only some: give one of them.</source>
        <translation>--all lit tous les groupes et --take seulement certains : indiquez l’un des deux.</translation>
    </message>
    <message>
        <source>No API token: %1.</source>
        <translation>Aucun jeton d’API : %1.</translation>
    </message>
    <message>
        <source>No API token.</source>
        <translation>Aucun jeton d’API.</translation>
    </message>
    <message>
        <source>Set QUANTIVE_TOKEN, pass --token-stdin, or connect once with the KPI Groups app so that the keychain has it.</source>
        <translation>Définissez QUANTIVE_TOKEN, passez --token-stdin ou connectez-vous une fois avec l’application KPI Groups pour que le trousseau l’ait.</translation>
    </message>
    <message>
        <source>none in the keychain for this account</source>
        <translation>aucun dans le trousseau pour ce compte</translation>
    </message>
    <message>
        <source>No KPI group with the id %1 in this account.</source>
        <translation>Aucun groupe de KPI avec l’identifiant %1 dans ce compte.</translation>
    </message>
    <message>
        <source>Created %1 &quot;%2&quot;.
</source>
        <translation>%1 « %2 » créé.
</translation>
    </message>
    <message>
        <source>No KPI %1 in a group %2. The order is remove-kpi KPI_ID GROUP_ID.</source>
        <translation>Aucun KPI %1 dans un groupe %2. L’ordre est remove-kpi KPI_ID GROUP_ID.</translation>
    </message>
    <message>
        <source>Added KPI %1 to group %2.
</source>
        <translation>KPI %1 ajouté au groupe %2.
</translation>
    </message>
    <message>
        <source>KPI %1 was added to group %2, but could not be taken out of the other: %3</source>
        <translation>Le KPI %1 a été ajouté au groupe %2, mais n’a pas pu être retiré de l’autre : %3</translation>
    </message>
    <message>
        <source>Moved KPI %1 from group %2 to group %3.
</source>
        <translation>KPI %1 déplacé du groupe %2 vers le groupe %3.
</translation>
    </message>
    <message>
        <source>list, kpis: print CSV instead of a table (RFC 4180, UTF-8 without a BOM; a value that starts with = + - or @ gets a leading &apos;).</source>
        <translation>list, kpis : afficher du CSV au lieu d’un tableau (RFC 4180, UTF-8 sans BOM ; une valeur commençant par = + - ou @ est précédée d’un &apos;).</translation>
    </message>
    <message>
        <source>--csv and --json are two ways to print the same: give one of them.</source>
        <translation>--csv et --json sont deux façons d’afficher la même chose : indiquez l’une des deux.</translation>
    </message>
    <message>
        <source>--csv is for the lists: list and kpis.</source>
        <translation>--csv sert aux listes : list et kpis.</translation>
    </message>
    <message>
        <source>Only %1 of the groups asked for could be read, so none is shown. %2</source>
        <translation>Seuls %1 des groupes demandés ont pu être lus, aucun n’est donc affiché. %2</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Try the &amp;demo</source>
        <translation>Essayer la &amp;démo</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <source>Connect to Quantive</source>
        <translation>Se connecter à Quantive</translation>
    </message>
    <message>
        <source>Data centre</source>
        <translation>Centre de données</translation>
    </message>
    <message>
        <source>Another address…</source>
        <translation>Autre adresse…</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <source>Account id</source>
        <translation>Identifiant du compte</translation>
    </message>
    <message>
        <source>24 characters, e.g. 5be26318e5274a0007f17f61</source>
        <translation>24 caractères, p. ex. 5be26318e5274a0007f17f61</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>Jeton d’API</translation>
    </message>
    <message>
        <source>Paste your API token</source>
        <translation>Collez votre jeton d’API</translation>
    </message>
    <message>
        <source>Explore the app on a built-in sample account; nothing leaves this computer.</source>
        <translation>Découvrez l’application sur un compte d’exemple intégré&#x202f;; rien ne quitte cet ordinateur.</translation>
    </message>
    <message>
        <source>&amp;Data centre</source>
        <translation>Centre de &amp;données</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>&amp;Adresse du serveur</translation>
    </message>
    <message>
        <source>Account &amp;id</source>
        <translation>&amp;Identifiant du compte</translation>
    </message>
    <message>
        <source>API &amp;token</source>
        <translation>&amp;Jeton d’API</translation>
    </message>
    <message>
        <source>Create a token in Quantive under Settings → Integrations → API tokens. It is kept in your system&apos;s keychain, never in plain files.</source>
        <translation>Créez un jeton dans Quantive sous Paramètres → Intégrations → Jetons d’API. Il est conservé dans le trousseau de votre système, jamais dans des fichiers en clair.</translation>
    </message>
    <message>
        <source>Create a token in Quantive under Settings → Integrations → API tokens. The system keychain cannot be used: the token is kept for this session only.</source>
        <translation>Créez un jeton dans Quantive sous Paramètres → Intégrations → Jetons d’API. Le trousseau du système n’est pas disponible&#xa0;: le jeton n’est conservé que pour cette session.</translation>
    </message>
    <message>
        <source>The account id is missing.</source>
        <translation>L’identifiant du compte manque.</translation>
    </message>
    <message>
        <source>The account id is 24 hex digits (0–9, a–f); “%1” is not.</source>
        <translation>L’identifiant du compte compte 24 chiffres hexadécimaux (0–9, a–f)&#x202f;; «&#xa0;%1&#xa0;» ne convient pas.</translation>
    </message>
    <message>
        <source>The API token is missing.</source>
        <translation>Le jeton d’API manque.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>The server did not accept this API token. Check that it is complete and has not been revoked.</source>
        <translation>Le serveur n’a pas accepté ce jeton d’API. Vérifiez qu’il est complet et n’a pas été révoqué.</translation>
    </message>
    <message>
        <source>This token cannot open that account. Check the account id, and the data centre.</source>
        <translation>Ce jeton ne permet pas d’ouvrir ce compte. Vérifiez l’identifiant du compte et le centre de données.</translation>
    </message>
    <message>
        <source>Name of the connection</source>
        <translation>Nom de la connexion</translation>
    </message>
    <message>
        <source>Shown in the window&apos;s title and in File → Switch Connection. Left empty, the data centre and the account&apos;s short id are shown.</source>
        <translation>Affiché dans le titre de la fenêtre et dans Fichier → Changer de connexion. S’il est laissé vide, le centre de données et l’identifiant court du compte sont affichés.</translation>
    </message>
    <message>
        <source>&amp;Name (optional)</source>
        <translation>&amp;Nom (facultatif)</translation>
    </message>
    <message>
        <source>Connects to %1</source>
        <translation>Se connecte à %1</translation>
    </message>
</context>
<context>
    <name>ConnectionFlow</name>
    <message>
        <source>it gave no reason</source>
        <translation>sans donner de raison</translation>
    </message>
    <message>
        <source>The demo could not start its local server.</source>
        <translation>La démo n’a pas pu démarrer son serveur local.</translation>
    </message>
    <message>
        <source>Your token could not be saved in the system keychain (%1). It is kept for this session only.</source>
        <translation>Votre jeton n’a pas pu être enregistré dans le trousseau du système (%1). Il n’est conservé que pour cette session.</translation>
    </message>
    <message>
        <source>Enter the API token for %1.</source>
        <translation>Saisissez le jeton d’API pour %1.</translation>
    </message>
    <message>
        <source>The system keychain did not give the saved token (%1). Enter it again; it will be kept for this session only.</source>
        <translation>Le trousseau du système n’a pas fourni le jeton enregistré (%1). Saisissez-le à nouveau&#x202f;; il ne sera conservé que pour cette session.</translation>
    </message>
    <message>
        <source>The token for %1 was never saved: the system keychain could not be used when it was entered (%2). Enter it again; it will be kept for this session only.</source>
        <translation>Le jeton de %1 n’a jamais été enregistré : le trousseau du système n’a pas pu être utilisé lors de sa saisie (%2). Saisissez-le à nouveau ; il sera conservé pour cette session seulement.</translation>
    </message>
    <message>
        <source>Quantive did not accept the API token from the QUANTIVE_TOKEN environment variable (it may be mistyped or revoked). Enter a valid token to go on.</source>
        <translation>Quantive n’a pas accepté le jeton d’API de la variable d’environnement QUANTIVE_TOKEN (il est peut-être mal saisi ou révoqué). Saisissez un jeton valide pour continuer.</translation>
    </message>
    <message>
        <source>Quantive did not accept the API token for this account any more (it may have been revoked). Enter a valid token to go on.</source>
        <translation>Quantive n’accepte plus le jeton d’API de ce compte (il a peut-être été révoqué). Saisissez un jeton valide pour continuer.</translation>
    </message>
    <message>
        <source>This connection and its token are forgotten on this computer.</source>
        <translation>Cette connexion et son jeton sont oubliés sur cet ordinateur.</translation>
    </message>
</context>
<context>
    <name>ConnectionNameDialog</name>
    <message>
        <source>Rename Connection</source>
        <translation>Renommer la connexion</translation>
    </message>
    <message>
        <source>&amp;Name of this connection:</source>
        <translation>&amp;Nom de cette connexion&#xa0;:</translation>
    </message>
    <message>
        <source>Name of this connection</source>
        <translation>Nom de cette connexion</translation>
    </message>
    <message>
        <source>Shown in the window&apos;s title and in File → Switch Connection. Left empty, the connection is called “%1”.</source>
        <translation>Affiché dans le titre de la fenêtre et dans Fichier → Changer de connexion. S’il est laissé vide, la connexion s’appelle «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Renommer</translation>
    </message>
</context>
<context>
    <name>DemoHint</name>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>About the demo</source>
        <translation>À propos de la démo</translation>
    </message>
    <message>
        <source>Close the introduction to the demo</source>
        <translation>Fermer la présentation de la démo</translation>
    </message>
    <message>
        <source>This is the demo.</source>
        <translation>Ceci est la démo.</translation>
    </message>
    <message>
        <source>Its groups and KPIs are sample data: nothing you do here leaves this computer.</source>
        <translation>Ses groupes et KPI sont des données d’exemple : rien de ce que vous faites ici ne quitte cet ordinateur.</translation>
    </message>
    <message>
        <source>A KPI group is a named set of KPIs. Drag a KPI out of its group to remove it, or onto another group in the list to move it there (hold Ctrl to add it and keep it here too).</source>
        <translation>Un groupe de KPI est un ensemble nommé de KPI. Faites glisser un KPI hors de son groupe pour l’en retirer, ou sur un autre groupe de la liste pour l’y déplacer (avec Ctrl, il y est ajouté et reste aussi ici).</translation>
    </message>
    <message>
        <source>To work on your own account, choose %1.</source>
        <translation>Pour travailler sur votre propre compte, choisissez %1.</translation>
    </message>
    <message>
        <source>To work on your own account, choose %1 (%2).</source>
        <translation>Pour travailler sur votre propre compte, choisissez %1 (%2).</translation>
    </message>
    <message>
        <source>Close (%1); %2 shows it again</source>
        <translation>Fermer (%1) ; %2 l’affiche à nouveau</translation>
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
        <translation>Favori</translation>
    </message>
    <message>
        <source>Remove the star (Ctrl+D)</source>
        <translation>Retirer des favoris (Ctrl+D)</translation>
    </message>
    <message>
        <source>Star this group (Ctrl+D)</source>
        <translation>Ajouter ce groupe aux favoris (Ctrl+D)</translation>
    </message>
    <message>
        <source>Starred</source>
        <translation>Favori</translation>
    </message>
    <message>
        <source>Not starred</source>
        <translation>Pas en favori</translation>
    </message>
</context>
<context>
    <name>GroupActions</name>
    <message>
        <source>Could not star “%1”. %2</source>
        <translation>Impossible d’ajouter «&#xa0;%1&#xa0;» aux favoris. %2</translation>
    </message>
    <message>
        <source>Could not remove the star from “%1”. %2</source>
        <translation>Impossible de retirer «&#xa0;%1&#xa0;» des favoris. %2</translation>
    </message>
    <message>
        <source>Could not delete “%1”. %2</source>
        <translation>Impossible de supprimer «&#xa0;%1&#xa0;». %2</translation>
    </message>
    <message>
        <source>Could not create “%1”. %2</source>
        <translation>Impossible de créer «&#xa0;%1&#xa0;». %2</translation>
    </message>
    <message>
        <source>“%1” is not created yet: it can be renamed once the server has it.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas encore créé&#xa0;: il pourra être renommé dès que le serveur l’aura.</translation>
    </message>
    <message>
        <source>“%1” is not created yet: it can be starred once the server has it.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas encore créé&#xa0;: il pourra être ajouté aux favoris dès que le serveur l’aura.</translation>
    </message>
</context>
<context>
    <name>GroupChooserDialog</name>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Groupe :</translation>
    </message>
    <message>
        <source>Type to find a group</source>
        <translation>Tapez pour trouver un groupe</translation>
    </message>
    <message>
        <source>Find a group</source>
        <translation>Trouver un groupe</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>Choisir</translation>
    </message>
</context>
<context>
    <name>GroupDetailPane</name>
    <message>
        <source>Select a KPI group to see and edit it.</source>
        <translation>Sélectionnez un groupe de KPI pour le voir et le modifier.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Delete Group…</source>
        <translation>&amp;Supprimer le groupe…</translation>
    </message>
    <message>
        <source>Group name</source>
        <translation>Nom du groupe</translation>
    </message>
    <message>
        <source>Save the new name (Enter)</source>
        <translation>Enregistrer le nouveau nom (Entrée)</translation>
    </message>
    <message>
        <source>Go back to the saved name (Esc)</source>
        <translation>Revenir au nom enregistré (Échap)</translation>
    </message>
    <message>
        <source>Why the name was not saved</source>
        <translation>Pourquoi le nom n’a pas été enregistré</translation>
    </message>
    <message>
        <source>Group id</source>
        <translation>Identifiant du groupe</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copy the group id</source>
        <translation>Copier l’identifiant du groupe</translation>
    </message>
    <message>
        <source>Delete this group; its KPIs are kept (Del)</source>
        <translation>Supprimer ce groupe&#x202f;; ses KPI sont conservés (Suppr)</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Modifié</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>%1, by %2</source>
        <translation>%1, par %2</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>A draft kept from when the app last closed, not saved yet: press Enter to save it.</source>
        <translation>Un brouillon conservé depuis la dernière fermeture de l’application, pas encore enregistré&#xa0;: appuyez sur Entrée pour l’enregistrer.</translation>
    </message>
    <message>
        <source>KPIs in no group</source>
        <translation>KPI sans groupe</translation>
    </message>
</context>
<context>
    <name>GroupItemDelegate</name>
    <message>
        <source>Remove the star</source>
        <translation>Retirer des favoris</translation>
    </message>
    <message>
        <source>Star this group</source>
        <translation>Ajouter ce groupe aux favoris</translation>
    </message>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n KPI</numerusform>
            <numerusform>%n KPI</numerusform>
        </translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>Créé %1</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Modifié %1</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>en attente d’envoi</translation>
    </message>
    <message>
        <source>A change to this group waits to be sent: the server could not take it yet.</source>
        <translation>Une modification de ce groupe attend d’être envoyée&#xa0;: le serveur n’a pas encore pu l’accepter.</translation>
    </message>
    <message>
        <source>name not saved</source>
        <translation>nom non enregistré</translation>
    </message>
    <message>
        <source>A name typed for this group is kept and not saved yet: open the group to save or discard it.</source>
        <translation>Un nom saisi pour ce groupe est conservé mais pas encore enregistré : ouvrez le groupe pour l’enregistrer ou l’abandonner.</translation>
    </message>
</context>
<context>
    <name>GroupKpiActions</name>
    <message>
        <source>Removed “%1” from “%2”.</source>
        <translation>«&#xa0;%1&#xa0;» retiré de «&#xa0;%2&#xa0;».</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n KPIs from “%1”.</source>
        <translation>
            <numerusform>%n KPI retiré de «&#xa0;%1&#xa0;».</numerusform>
            <numerusform>%n KPI retirés de «&#xa0;%1&#xa0;».</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” had already left “%2”; someone else removed it.</source>
        <translation>«&#xa0;%1&#xa0;» avait déjà quitté «&#xa0;%2&#xa0;»&#x202f;; quelqu’un d’autre l’a retiré.</translation>
    </message>
    <message>
        <source>“%1” is back in “%2”: it could not be removed. %3</source>
        <translation>«&#xa0;%1&#xa0;» est de retour dans «&#xa0;%2&#xa0;»&#xa0;: il n’a pas pu être retiré. %3</translation>
    </message>
    <message>
        <source>Could not load the KPIs of “%1”. %2</source>
        <translation>Impossible de charger les KPI de «&#xa0;%1&#xa0;». %2</translation>
    </message>
    <message>
        <source>Could not load the KPIs in no group. %1</source>
        <translation>Impossible de charger les KPI sans groupe. %1</translation>
    </message>
</context>
<context>
    <name>GroupKpisPanel</name>
    <message>
        <source>&amp;Remove from Group</source>
        <translation>&amp;Retirer du groupe</translation>
    </message>
    <message>
        <source>Search KPIs</source>
        <translation>Rechercher des KPI</translation>
    </message>
    <message>
        <source>Take the selected KPIs out of this group; they are kept (Del)</source>
        <translation>Retirer de ce groupe les KPI sélectionnés&#x202f;; ils sont conservés (Suppr)</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPI</translation>
    </message>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n KPI</numerusform>
            <numerusform>%n KPI</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading KPIs…</source>
        <translation>Chargement des KPI…</translation>
    </message>
    <message>
        <source>No KPIs in this group</source>
        <translation>Aucun KPI dans ce groupe</translation>
    </message>
    <message>
        <source>No KPI matches “%1”.</source>
        <translation>Aucun KPI ne correspond à «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The KPIs of this group could not be loaded.</source>
        <translation>Les KPI de ce groupe n’ont pas pu être chargés.</translation>
    </message>
</context>
<context>
    <name>GroupLinks</name>
    <message>
        <source>Copied the id of “%1”.</source>
        <translation>Identifiant de «&#xa0;%1&#xa0;» copié.</translation>
    </message>
    <message>
        <source>Copied the link to “%1”.</source>
        <translation>Lien vers « %1 » copié.</translation>
    </message>
    <message numerus="yes">
        <source>Copied the links to %n groups, one a line.</source>
        <translation>
            <numerusform>Lien vers %n groupe copié.</numerusform>
            <numerusform>Liens vers %n groupes copiés, un par ligne.</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened “%1” in Quantive.</source>
        <translation>« %1 » ouvert dans Quantive.</translation>
    </message>
    <message>
        <source>No web browser could open %1.</source>
        <translation>Aucun navigateur web n’a pu ouvrir %1.</translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message>
        <source>%1, starred</source>
        <translation>%1, favori</translation>
    </message>
    <message numerus="yes">
        <source>%1, starred, %n KPI(s)</source>
        <translation>
            <numerusform>%1, favori, %n KPI</numerusform>
            <numerusform>%1, favori, %n KPI</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %n KPI(s)</source>
        <translation>
            <numerusform>%1, %n KPI</numerusform>
            <numerusform>%1, %n KPI</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, a change waits to be sent</source>
        <translation>%1, une modification attend d’être envoyée</translation>
    </message>
    <message>
        <source>%1, a name typed is not saved</source>
        <translation>%1, un nom saisi n’est pas enregistré</translation>
    </message>
</context>
<context>
    <name>GroupListPane</name>
    <message>
        <source>Search groups (Ctrl+F)</source>
        <translation>Rechercher des groupes (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search groups</source>
        <translation>Rechercher des groupes</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>Trier</translation>
    </message>
    <message>
        <source>Sort and favorites</source>
        <translation>Tri et favoris</translation>
    </message>
    <message>
        <source>Sort order, and favorites first</source>
        <translation>Ordre de tri, et favoris en premier</translation>
    </message>
    <message>
        <source>Show favorites only (Ctrl+Shift+F)</source>
        <translation>Afficher seulement les favoris (Ctrl+Maj+F)</translation>
    </message>
    <message>
        <source>Favorites only</source>
        <translation>Favoris seulement</translation>
    </message>
    <message>
        <source>KPI groups</source>
        <translation>Groupes de KPI</translation>
    </message>
    <message numerus="yes">
        <source>%Ln group(s)</source>
        <translation>
            <numerusform>%Ln groupe</numerusform>
            <numerusform>%Ln groupes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln group(s)</source>
        <translation>
            <numerusform>%1 sur %Ln groupe</numerusform>
            <numerusform>%1 sur %Ln groupes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — incomplete: the server has %2</source>
        <translation>%1 — incomplet&#x202f;: le serveur en a %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Non connecté.</translation>
    </message>
    <message>
        <source>The server cannot be reached.
The groups show here once it answers.</source>
        <translation>Impossible de joindre le serveur.
Les groupes s’afficheront ici dès qu’il répondra.</translation>
    </message>
    <message>
        <source>The KPI groups could not be loaded.</source>
        <translation>Les groupes de KPI n’ont pas pu être chargés.</translation>
    </message>
    <message>
        <source>No KPI groups yet.
Press Ctrl+N to create one.</source>
        <translation>Aucun groupe de KPI pour l’instant.
Appuyez sur Ctrl+N pour en créer un.</translation>
    </message>
    <message>
        <source>No group matches “%1”.</source>
        <translation>Aucun groupe ne correspond à «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>No favorites yet.
Star a group with Ctrl+D to see it here.</source>
        <translation>Aucun favori pour l’instant.
Ajoutez un groupe aux favoris avec Ctrl+D pour le voir ici.</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>Se &amp;connecter…</translation>
    </message>
    <message>
        <source>KPIs in no group</source>
        <translation>KPI sans groupe</translation>
    </message>
    <message>
        <source>The KPIs that are in no group; drag them onto a group to add them</source>
        <translation>Les KPI qui ne sont dans aucun groupe ; faites-les glisser sur un groupe pour les y ajouter</translation>
    </message>
</context>
<context>
    <name>GroupListRefresh</name>
    <message>
        <source>Could not load the KPI groups. %1</source>
        <translation>Impossible de charger les groupes de KPI. %1</translation>
    </message>
</context>
<context>
    <name>KeychainTokenStore</name>
    <message>
        <source>The system keychain did not answer (it may be locked).</source>
        <translation>Le trousseau du système n’a pas répondu (il est peut-être verrouillé).</translation>
    </message>
</context>
<context>
    <name>KpiItemDelegate</name>
    <message>
        <source>Owner %1 · in no other group</source>
        <translation>Responsable&#xa0;: %1 · dans aucun autre groupe</translation>
    </message>
    <message numerus="yes">
        <source>Owner %1 · also in %n other group(s)</source>
        <translation>
            <numerusform>Responsable&#xa0;: %1 · aussi dans %n autre groupe</numerusform>
            <numerusform>Responsable&#xa0;: %1 · aussi dans %n autres groupes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiListView</name>
    <message>
        <source>KPIs in this group</source>
        <translation>KPI de ce groupe</translation>
    </message>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n KPI</numerusform>
            <numerusform>%n KPI</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiMenu</name>
    <message>
        <source>Copy &amp;Name</source>
        <translation>Copier le &amp;nom</translation>
    </message>
    <message>
        <source>Copy &amp;Id</source>
        <translation>Copier l’&amp;identifiant</translation>
    </message>
    <message>
        <source>Copy &amp;Link</source>
        <translation>Copier le &amp;lien</translation>
    </message>
    <message>
        <source>&amp;Open in Quantive</source>
        <translation>&amp;Ouvrir dans Quantive</translation>
    </message>
    <message>
        <source>Other &amp;Groups</source>
        <translation>Autres &amp;groupes</translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Names of %n KPIs</source>
        <translation>
            <numerusform>Copier le &amp;nom de %n KPI</numerusform>
            <numerusform>Copier les &amp;noms de %n KPI</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Ids of %n KPIs</source>
        <translation>
            <numerusform>Copier l’&amp;identifiant de %n KPI</numerusform>
            <numerusform>Copier les &amp;identifiants de %n KPI</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Links to %n KPIs</source>
        <translation>
            <numerusform>Copier le &amp;lien de %n KPI</numerusform>
            <numerusform>Copier les &amp;liens de %n KPI</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy the address of the KPI&apos;s page in Quantive&apos;s web app</source>
        <translation>Copier l’adresse de la page du KPI dans l’application web de Quantive</translation>
    </message>
    <message>
        <source>Opens one KPI at a time: select only one.</source>
        <translation>Ouvre un KPI à la fois : n’en sélectionnez qu’un.</translation>
    </message>
    <message>
        <source>Open the KPI&apos;s page in Quantive&apos;s web app</source>
        <translation>Ouvrir la page du KPI dans l’application web de Quantive</translation>
    </message>
    <message>
        <source>Shows the other groups of one KPI: select only one.</source>
        <translation>Montre les autres groupes d’un seul KPI : n’en sélectionnez qu’un.</translation>
    </message>
    <message>
        <source>“%1” is in no other group.</source>
        <translation>« %1 » n’est dans aucun autre groupe.</translation>
    </message>
    <message>
        <source>The other groups this KPI is in, to go to one</source>
        <translation>Les autres groupes de ce KPI, pour aller à l’un d’eux</translation>
    </message>
    <message>
        <source>Copied the name of “%1”.</source>
        <translation>Nom de « %1 » copié.</translation>
    </message>
    <message numerus="yes">
        <source>Copied the names of %n KPIs, one a line.</source>
        <translation>
            <numerusform>Nom de %n KPI copié.</numerusform>
            <numerusform>Noms de %n KPI copiés, un par ligne.</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the id of “%1”.</source>
        <translation>Identifiant de «&#xa0;%1&#xa0;» copié.</translation>
    </message>
    <message numerus="yes">
        <source>Copied the ids of %n KPIs, one a line.</source>
        <translation>
            <numerusform>Identifiant de %n KPI copié.</numerusform>
            <numerusform>Identifiants de %n KPI copiés, un par ligne.</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the link to “%1”.</source>
        <translation>Lien vers « %1 » copié.</translation>
    </message>
    <message numerus="yes">
        <source>Copied the links to %n KPIs, one a line.</source>
        <translation>
            <numerusform>Lien vers %n KPI copié.</numerusform>
            <numerusform>Liens vers %n KPI copiés, un par ligne.</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened “%1” in Quantive.</source>
        <translation>« %1 » ouvert dans Quantive.</translation>
    </message>
    <message>
        <source>No web browser could open %1.</source>
        <translation>Aucun navigateur web n’a pu ouvrir %1.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Could not load the other groups: %1</source>
        <translation>Impossible de charger les autres groupes : %1</translation>
    </message>
    <message>
        <source>None left: the other groups were deleted</source>
        <translation>Plus aucun : les autres groupes ont été supprimés</translation>
    </message>
    <message>
        <source>“%1” is not in the list yet: reading the list again…</source>
        <translation>« %1 » n’est pas encore dans la liste : relecture de la liste…</translation>
    </message>
</context>
<context>
    <name>KpiPlacements</name>
    <message>
        <source>Choose a group to put the KPIs in.</source>
        <translation>Choisissez un groupe pour les KPI.</translation>
    </message>
    <message>
        <source>The KPIs are in “%1” already.</source>
        <translation>Les KPI sont déjà dans « %1 ».</translation>
    </message>
    <message>
        <source>“%1” is in “%2” already.</source>
        <translation>« %1 » est déjà dans « %2 ».</translation>
    </message>
    <message>
        <source>These KPIs are all in “%1” already.</source>
        <translation>Ces KPI sont tous déjà dans « %1 ».</translation>
    </message>
    <message>
        <source>Added “%1” to “%2”.</source>
        <translation>« %1 » ajouté à « %2 ».</translation>
    </message>
    <message numerus="yes">
        <source>Added %n KPIs to “%1”.</source>
        <translation>
            <numerusform>%n KPI ajouté à « %1 ».</numerusform>
            <numerusform>%n KPI ajoutés à « %1 ».</numerusform>
        </translation>
    </message>
    <message>
        <source>Moved “%1” from “%2” to “%3”.</source>
        <translation>« %1 » déplacé de « %2 » vers « %3 ».</translation>
    </message>
    <message numerus="yes">
        <source>Moved %n KPIs from “%1” to “%2”.</source>
        <translation>
            <numerusform>%n KPI déplacé de « %1 » vers « %2 ».</numerusform>
            <numerusform>%n KPI déplacés de « %1 » vers « %2 ».</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is back in “%2”: it could not be moved to “%3”. %4</source>
        <translation>« %1 » est de retour dans « %2 » : il n’a pas pu être déplacé vers « %3 ». %4</translation>
    </message>
    <message>
        <source>“%1” could not be added to “%2”. %3</source>
        <translation>« %1 » n’a pas pu être ajouté à « %2 ». %3</translation>
    </message>
</context>
<context>
    <name>KpiPlacing</name>
    <message>
        <source>&amp;Add to Group…</source>
        <translation>&amp;Ajouter à un groupe…</translation>
    </message>
    <message>
        <source>&amp;Move to Group…</source>
        <translation>&amp;Déplacer vers un groupe…</translation>
    </message>
    <message>
        <source>Put the selected KPIs in another group too</source>
        <translation>Mettre aussi les KPI sélectionnés dans un autre groupe</translation>
    </message>
    <message>
        <source>Take the selected KPIs out of this group into another</source>
        <translation>Déplacer les KPI sélectionnés de ce groupe vers un autre</translation>
    </message>
    <message numerus="yes">
        <source>Add %n KPI(s) to Group</source>
        <translation>
            <numerusform>Ajouter %n KPI à un groupe</numerusform>
            <numerusform>Ajouter %n KPI à un groupe</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n KPI(s) to Group</source>
        <translation>
            <numerusform>Déplacer %n KPI vers un groupe</numerusform>
            <numerusform>Déplacer %n KPI vers un groupe</numerusform>
        </translation>
    </message>
    <message>
        <source>Add here</source>
        <translation>Ajouter ici</translation>
    </message>
    <message>
        <source>Move here (Ctrl: add)</source>
        <translation>Déplacer ici (Ctrl : ajouter)</translation>
    </message>
</context>
<context>
    <name>KpiRemoveZone</name>
    <message>
        <source>Remove from group</source>
        <translation>Retirer du groupe</translation>
    </message>
    <message>
        <source>Drop here to remove from “%1”</source>
        <translation>Déposer ici pour retirer de «&#xa0;%1&#xa0;»</translation>
    </message>
</context>
<context>
    <name>ListExport</name>
    <message>
        <source>Export List</source>
        <translation>Exporter la liste</translation>
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
        <translation>Groupes de KPI</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln group(s) to %1.</source>
        <translation>
            <numerusform>%Ln groupe exporté vers %1.</numerusform>
            <numerusform>%Ln groupes exportés vers %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not export to %1: %2 — nothing was written.</source>
        <translation>Impossible d’exporter vers %1 : %2 — rien n’a été écrit.</translation>
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
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>Saving your changes before closing…</source>
        <translation>Enregistrement de vos modifications avant la fermeture…</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) to %1 could not be sent yet: kept, to be sent the next time you open that connection.</source>
        <translation>
            <numerusform>%n modification de %1 n’a pas encore pu être envoyée&#xa0;: elle est conservée et sera envoyée la prochaine fois que vous ouvrirez cette connexion.</numerusform>
            <numerusform>%n modifications de %1 n’ont pas encore pu être envoyées&#xa0;: elles sont conservées et seront envoyées la prochaine fois que vous ouvrirez cette connexion.</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting for the server to take the changes… Close again to choose again.</source>
        <translation>En attente de l’acceptation des modifications par le serveur… Fermez de nouveau pour refaire votre choix.</translation>
    </message>
    <message>
        <source>Not connected: enter the token to see what changed since.</source>
        <translation>Non connecté : saisissez le jeton pour voir ce qui a changé depuis.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Fermer le message</translation>
    </message>
</context>
<context>
    <name>NewGroupDialog</name>
    <message>
        <source>New KPI Group</source>
        <translation>Nouveau groupe de KPI</translation>
    </message>
    <message>
        <source>&amp;Name of the new group:</source>
        <translation>&amp;Nom du nouveau groupe&#xa0;:</translation>
    </message>
    <message>
        <source>Name of the new group</source>
        <translation>Nom du nouveau groupe</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>The folder %1 could not be made.</source>
        <translation>Le dossier %1 n’a pas pu être créé.</translation>
    </message>
    <message>
        <source>The folder %1 cannot be written to.</source>
        <translation>Le dossier %1 n’est pas accessible en écriture.</translation>
    </message>
    <message>
        <source>The lock beside %1 could not be made.</source>
        <translation>Le verrou à côté de %1 n’a pas pu être créé.</translation>
    </message>
    <message>
        <source>Too many windows of this connection are open.</source>
        <translation>Trop de fenêtres de cette connexion sont ouvertes.</translation>
    </message>
    <message>
        <source>%1 is a link that could not be moved aside.</source>
        <translation>%1 est un lien qui n’a pas pu être mis de côté.</translation>
    </message>
    <message>
        <source>The end of the journal could not be cut off again.</source>
        <translation>La fin du journal n’a pas pu être retirée.</translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message>
        <source>Changes Not Sent Yet</source>
        <translation>Modifications pas encore envoyées</translation>
    </message>
    <message>
        <source>Changes not sent yet</source>
        <translation>Modifications pas encore envoyées</translation>
    </message>
    <message>
        <source>&amp;Send Now</source>
        <translation>&amp;Envoyer maintenant</translation>
    </message>
    <message>
        <source>Try the server now instead of waiting for the next try</source>
        <translation>Contacter le serveur maintenant au lieu d’attendre la prochaine tentative</translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation>&amp;Abandonner…</translation>
    </message>
    <message>
        <source>Give up on the selected changes: they are not sent</source>
        <translation>Renoncer aux modifications sélectionnées&#xa0;: elles ne sont pas envoyées</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>%n modification n’a pas encore atteint le serveur.</numerusform>
            <numerusform>%n modifications n’ont pas encore atteint le serveur.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server cannot be reached; the app keeps trying by itself.</source>
        <translation>Impossible de joindre le serveur&#x202f;; l’application continue d’essayer d’elle-même.</translation>
    </message>
    <message>
        <source>Next try: %1.</source>
        <translation>Prochaine tentative&#xa0;: %1.</translation>
    </message>
    <message numerus="yes">
        <source>Discard %n change(s)?</source>
        <translation>
            <numerusform>Abandonner %n modification&#x202f;?</numerusform>
            <numerusform>Abandonner %n modifications&#x202f;?</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <source>What waits is kept if you quit, and sent the next time you open this connection.</source>
        <translation>Les modifications en attente sont conservées si vous quittez, et envoyées la prochaine fois que vous ouvrirez cette connexion.</translation>
    </message>
    <message>
        <source>%1 — last try: %2</source>
        <translation>%1 — dernière tentative&#xa0;: %2</translation>
    </message>
    <message>
        <source>Discard Changes</source>
        <translation>Abandonner les modifications</translation>
    </message>
    <message>
        <source>Discarded changes are not sent, and the list shows what the server has again.</source>
        <translation>Les modifications abandonnées ne sont pas envoyées, et la liste montre de nouveau l’état du serveur.</translation>
    </message>
    <message>
        <source>&amp;Open Group</source>
        <translation>&amp;Ouvrir le groupe</translation>
    </message>
    <message>
        <source>Show the group of the selected name typed and not saved</source>
        <translation>Afficher le groupe du nom saisi et non enregistré sélectionné</translation>
    </message>
    <message>
        <source>Nothing waits to be sent.</source>
        <translation>Rien n’attend d’être envoyé.</translation>
    </message>
    <message>
        <source>No change waits to be sent. Names typed and not saved are listed: open their group to save them.</source>
        <translation>Aucune modification n’attend d’être envoyée. Les noms saisis et non enregistrés sont listés : ouvrez leur groupe pour les enregistrer.</translation>
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
        <translation>Créer «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Rename “%1” to “%2”</source>
        <translation>Renommer «&#xa0;%1&#xa0;» en «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>Delete “%1”</source>
        <translation>Supprimer «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Star “%1”</source>
        <translation>Ajouter «&#xa0;%1&#xa0;» aux favoris</translation>
    </message>
    <message>
        <source>Remove the star from “%1”</source>
        <translation>Retirer «&#xa0;%1&#xa0;» des favoris</translation>
    </message>
    <message>
        <source>Remove “%1” from “%2”</source>
        <translation>Retirer «&#xa0;%1&#xa0;» de «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Envoi…</translation>
    </message>
    <message>
        <source>Waits for the changes before it</source>
        <translation>Attend les modifications précédentes</translation>
    </message>
    <message>
        <source>Next to go</source>
        <translation>Prochaine à partir</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Modification</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Effectuée</translation>
    </message>
    <message>
        <source>Last try</source>
        <translation>Dernière tentative</translation>
    </message>
    <message>
        <source>Sent once it can no longer be undone</source>
        <translation>Envoyé dès qu’il ne peut plus être annulé</translation>
    </message>
    <message>
        <source>Name “%1” typed for “%2”, not saved</source>
        <translation>Nom « %1 » saisi pour « %2 », non enregistré</translation>
    </message>
    <message>
        <source>Not sent: open the group to save it, or discard it</source>
        <translation>Non envoyé : ouvrez le groupe pour l’enregistrer, ou abandonnez-le</translation>
    </message>
    <message>
        <source>Move “%1” from “%2” to “%3” (added; to leave “%2”)</source>
        <translation>Déplacer « %1 » de « %2 » vers « %3 » (ajouté ; doit encore quitter « %2 »)</translation>
    </message>
    <message>
        <source>Add “%1” to “%2”</source>
        <translation>Ajouter « %1 » à « %2 »</translation>
    </message>
    <message>
        <source>Move “%1” from “%2” to “%3”</source>
        <translation>Déplacer « %1 » de « %2 » vers « %3 »</translation>
    </message>
</context>
<context>
    <name>Regions</name>
    <message>
        <source>The account id is missing.</source>
        <translation>L’identifiant du compte manque.</translation>
    </message>
    <message>
        <source>The API token is missing.</source>
        <translation>Le jeton d’API manque.</translation>
    </message>
    <message>
        <source>The server address is not a valid URL.</source>
        <translation>L’adresse du serveur n’est pas une URL valide.</translation>
    </message>
    <message>
        <source>The server address must start with https:// (plain http is only allowed for this computer, such as the local sandbox).</source>
        <translation>L’adresse du serveur doit commencer par https:// (le simple http n’est permis que pour cet ordinateur, comme le bac à sable local).</translation>
    </message>
    <message>
        <source>Europe (EU)</source>
        <translation>Europe (EU)</translation>
    </message>
    <message>
        <source>United States (US)</source>
        <translation>États-Unis (US)</translation>
    </message>
    <message>
        <source>Asia (AS)</source>
        <translation>Asie (AS)</translation>
    </message>
    <message>
        <source>South America (SA)</source>
        <translation>Amérique du Sud (SA)</translation>
    </message>
    <message>
        <source>Australia (AU)</source>
        <translation>Australie (AU)</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>à l’instant</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>il y a %n minute</numerusform>
            <numerusform>il y a %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>il y a %n heure</numerusform>
            <numerusform>il y a %n heures</numerusform>
        </translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>hier</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>il y a %n jour</numerusform>
            <numerusform>il y a %n jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n week(s) ago</source>
        <translation>
            <numerusform>il y a %n semaine</numerusform>
            <numerusform>il y a %n semaines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n month(s) ago</source>
        <translation>
            <numerusform>il y a %n mois</numerusform>
            <numerusform>il y a %n mois</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
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
        <translation>Le nom d’une connexion ne peut pas contenir de caractères invisibles, comme un saut de ligne ou un caractère qui inverse le texte (ici&#xa0;: %1).</translation>
    </message>
</context>
<context>
    <name>SelectionSummary</name>
    <message>
        <source>S&amp;tar All</source>
        <translation>&amp;Tout ajouter aux favoris</translation>
    </message>
    <message>
        <source>&amp;Unstar All</source>
        <translation>&amp;Retirer tous des favoris</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) selected</source>
        <translation>
            <numerusform>%n groupe sélectionné</numerusform>
            <numerusform>%n groupes sélectionnés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Star the %n group(s) selected (Ctrl+D)</source>
        <translation>
            <numerusform>Ajouter le groupe sélectionné aux favoris (Ctrl+D)</numerusform>
            <numerusform>Ajouter les %n groupes sélectionnés aux favoris (Ctrl+D)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the star of the %n group(s) selected</source>
        <translation>
            <numerusform>Retirer le groupe sélectionné des favoris</numerusform>
            <numerusform>Retirer les %n groupes sélectionnés des favoris</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Group(s)…</source>
        <translation>
            <numerusform>&amp;Supprimer %n groupe…</numerusform>
            <numerusform>&amp;Supprimer %n groupes…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the %n group(s) selected; their KPIs are kept (Del)</source>
        <translation>
            <numerusform>Supprimer le groupe sélectionné&#x202f;; ses KPI sont conservés (Suppr)</numerusform>
            <numerusform>Supprimer les %n groupes sélectionnés&#x202f;; leurs KPI sont conservés (Suppr)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Created “%1”.</source>
        <translation>«&#xa0;%1&#xa0;» créé.</translation>
    </message>
    <message>
        <source>Deleted “%1”. Its KPIs are kept.</source>
        <translation>«&#xa0;%1&#xa0;» supprimé. Ses KPI sont conservés.</translation>
    </message>
    <message>
        <source>“%1” is gone: someone else deleted it.</source>
        <translation>«&#xa0;%1&#xa0;» n’existe plus&#xa0;: quelqu’un d’autre l’a supprimé.</translation>
    </message>
    <message>
        <source>Showing %1 of %2 groups: the rest could not be loaded. %3</source>
        <translation>%1 groupes affichés sur %2&#x202f;: les autres n’ont pas pu être chargés. %3</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s) made before the app last closed…</source>
        <translation>
            <numerusform>Envoi de %n modification faite avant la dernière fermeture de l’application…</numerusform>
            <numerusform>Envoi de %n modifications faites avant la dernière fermeture de l’application…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s) made earlier on this connection…</source>
        <translation>
            <numerusform>Envoi de %n modification faite plus tôt sur cette connexion…</numerusform>
            <numerusform>Envoi de %n modifications faites plus tôt sur cette connexion…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n groups. Their KPIs are kept.</source>
        <translation>
            <numerusform>%n groupe supprimé. Ses KPI sont conservés.</numerusform>
            <numerusform>%n groupes supprimés. Leurs KPI sont conservés.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>« %1 »</translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved name(s) kept from the last time.</source>
        <translation>
            <numerusform>%n nom non enregistré conservé depuis la dernière fois.</numerusform>
            <numerusform>%n noms non enregistrés conservés depuis la dernière fois.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved name(s) in %1.</source>
        <translation>
            <numerusform>%n nom non enregistré dans %1.</numerusform>
            <numerusform>%n noms non enregistrés dans %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionMessages</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>The changes kept from the last time could not be read, so none of them was sent. The file was set aside as %1.</source>
        <translation>Les modifications conservées la dernière fois n’ont pas pu être lues&#x202f;; aucune n’a donc été envoyée. Le fichier a été mis de côté sous le nom %1.</translation>
    </message>
    <message>
        <source>Some of the changes kept from the last time could not be read, and were not sent; the others are being sent. What could not be read was set aside as %1.</source>
        <translation>Certaines des modifications conservées la dernière fois n’ont pas pu être lues et n’ont pas été envoyées ; les autres sont en cours d’envoi. Ce qui n’a pas pu être lu a été mis de côté sous %1.</translation>
    </message>
    <message>
        <source>Changes are saved to disk again.</source>
        <translation>Les modifications sont de nouveau enregistrées sur le disque.</translation>
    </message>
    <message>
        <source>Changes cannot be saved to disk: %1 They are kept while the app runs and sent when the server answers, but would be lost if it closed first. Free some space, or check the folder.</source>
        <translation>Les modifications ne peuvent pas être enregistrées sur le disque : %1 Elles sont conservées tant que l’application tourne et envoyées dès que le serveur répond, mais seraient perdues si elle se fermait avant. Libérez de l’espace ou vérifiez le dossier.</translation>
    </message>
</context>
<context>
    <name>StatusArea</name>
    <message>
        <source>Demo: sample data, nothing leaves this computer</source>
        <translation>Démo&#xa0;: données d’exemple, rien ne quitte cet ordinateur</translation>
    </message>
    <message>
        <source>Loading KPI groups…</source>
        <translation>Chargement des groupes de KPI…</translation>
    </message>
    <message>
        <source>Loading %1 of %2 groups…</source>
        <translation>Chargement de %1 groupes sur %2…</translation>
    </message>
    <message>
        <source>Up to date at %1</source>
        <translation>À jour à %1</translation>
    </message>
    <message>
        <source>Showing %1 of %2 groups: the rest could not be loaded.</source>
        <translation>%1 groupes affichés sur %2&#x202f;: les autres n’ont pas pu être chargés.</translation>
    </message>
    <message>
        <source>Showing the list from %1; updating…</source>
        <translation>Liste du %1 affichée&#x202f;; actualisation…</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting on %1, whose server cannot be reached</source>
        <translation>
            <numerusform>%n modification en attente sur %1, dont le serveur est injoignable</numerusform>
            <numerusform>%n modifications en attente sur %1, dont le serveur est injoignable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting on %1</source>
        <translation>
            <numerusform>%n modification en attente sur %1</numerusform>
            <numerusform>%n modifications en attente sur %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Its server cannot be reached now: the app keeps trying, and sends them once it answers.</source>
        <translation>Son serveur est injoignable pour le moment : l’application continue d’essayer et les envoie dès qu’il répond.</translation>
    </message>
    <message>
        <source>Being sent in the background.</source>
        <translation>Envoi en arrière-plan.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not saved to disk</source>
        <translation>
            <numerusform>%n modification non enregistrée sur le disque</numerusform>
            <numerusform>%n modifications non enregistrées sur le disque</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n modification en attente d’envoi</numerusform>
            <numerusform>%n modifications en attente d’envoi</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved to disk: %1</source>
        <translation>Non enregistré sur le disque : %1</translation>
    </message>
    <message>
        <source>Offline: the server cannot be reached. The app keeps trying.</source>
        <translation>Hors ligne&#xa0;: impossible de joindre le serveur. L’application continue d’essayer.</translation>
    </message>
    <message>
        <source>Offline: showing the list from %1</source>
        <translation>Hors ligne&#xa0;: liste du %1 affichée</translation>
    </message>
    <message>
        <source>The server cannot be reached. The app keeps trying, and sends what waits once it answers.</source>
        <translation>Impossible de joindre le serveur. L’application continue d’essayer, et enverra les modifications en attente dès qu’il répondra.</translation>
    </message>
</context>
<context>
    <name>UndoRedo</name>
    <message>
        <source>Remove “%1” from “%2”</source>
        <translation>Retirer «&#xa0;%1&#xa0;» de «&#xa0;%2&#xa0;»</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n KPIs from “%1”</source>
        <translation>
            <numerusform>Retirer %n KPI de «&#xa0;%1&#xa0;»</numerusform>
            <numerusform>Retirer %n KPI de «&#xa0;%1&#xa0;»</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename “%1” to “%2”</source>
        <translation>Renommer «&#xa0;%1&#xa0;» en «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>Star “%1”</source>
        <translation>Ajouter «&#xa0;%1&#xa0;» aux favoris</translation>
    </message>
    <message>
        <source>Remove the Star from “%1”</source>
        <translation>Retirer «&#xa0;%1&#xa0;» des favoris</translation>
    </message>
    <message numerus="yes">
        <source>Star %n Groups</source>
        <translation>
            <numerusform>Ajouter une étoile à %n groupe</numerusform>
            <numerusform>Ajouter une étoile à %n groupes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the Star from %n Groups</source>
        <translation>
            <numerusform>Retirer l’étoile de %n groupe</numerusform>
            <numerusform>Retirer l’étoile de %n groupes</numerusform>
        </translation>
    </message>
    <message>
        <source>Undone: %1.</source>
        <translation>Annulé&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Redone: %1.</source>
        <translation>Rétabli&#xa0;: %1.</translation>
    </message>
    <message>
        <source>%1: too late to undo, the removal has been sent.</source>
        <translation>%1&#xa0;: trop tard pour annuler, le retrait a été envoyé.</translation>
    </message>
    <message>
        <source>%1: cannot be undone, the group is gone.</source>
        <translation>%1&#xa0;: impossible d’annuler, le groupe n’existe plus.</translation>
    </message>
    <message>
        <source>%1: show that group to do it again.</source>
        <translation>%1&#xa0;: affichez ce groupe pour le refaire.</translation>
    </message>
    <message>
        <source>%1: cannot be redone, the group is gone.</source>
        <translation>%1&#xa0;: impossible de rétablir, le groupe n’existe plus.</translation>
    </message>
    <message>
        <source>Add “%1” to “%2”</source>
        <translation>Ajouter « %1 » à « %2 »</translation>
    </message>
    <message numerus="yes">
        <source>Add %n KPIs to “%1”</source>
        <translation>
            <numerusform>Ajouter %n KPI à « %1 »</numerusform>
            <numerusform>Ajouter %n KPI à « %1 »</numerusform>
        </translation>
    </message>
    <message>
        <source>Move “%1” to “%2”</source>
        <translation>Déplacer « %1 » vers « %2 »</translation>
    </message>
    <message numerus="yes">
        <source>Move %n KPIs to “%1”</source>
        <translation>
            <numerusform>Déplacer %n KPI vers « %1 »</numerusform>
            <numerusform>Déplacer %n KPI vers « %1 »</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: cannot be redone.</source>
        <translation>%1 : ne peut pas être rétabli.</translation>
    </message>
    <message>
        <source>%1: cannot be undone.</source>
        <translation>%1 : ne peut pas être annulé.</translation>
    </message>
</context>
<context>
    <name>WebLinks</name>
    <message>
        <source>No link to Quantive&apos;s web app from this server&apos;s address: its path does not end in %1, and there is no telling where the web app is.</source>
        <translation>Pas de lien vers l’application web de Quantive depuis l’adresse de ce serveur : son chemin ne se termine pas par %1, et rien n’indique où se trouve l’application web.</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Connect…</source>
        <translation>Se &amp;connecter…</translation>
    </message>
    <message>
        <source>&amp;Forget This Connection</source>
        <translation>&amp;Oublier cette connexion</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Changes &amp;Not Sent Yet…</source>
        <translation>Modifications &amp;pas encore envoyées…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;New Group…</source>
        <translation>&amp;Nouveau groupe…</translation>
    </message>
    <message>
        <source>&amp;Delete Group…</source>
        <translation>&amp;Supprimer le groupe…</translation>
    </message>
    <message>
        <source>&amp;Star</source>
        <translation>Ajouter aux &amp;favoris</translation>
    </message>
    <message>
        <source>Copy Group &amp;Id</source>
        <translation>Copier l’&amp;identifiant du groupe</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>Rec&amp;hercher…</translation>
    </message>
    <message>
        <source>&amp;Favorites Only</source>
        <translation>&amp;Favoris seulement</translation>
    </message>
    <message>
        <source>&amp;Reverse Order</source>
        <translation>Ordre &amp;inverse</translation>
    </message>
    <message>
        <source>Sort by &amp;Name</source>
        <translation>Trier par &amp;nom</translation>
    </message>
    <message>
        <source>Sort by Last &amp;Update</source>
        <translation>Trier par dernière &amp;modification</translation>
    </message>
    <message>
        <source>Sort by &amp;Creation</source>
        <translation>Trier par &amp;création</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>Go to the &amp;Message</source>
        <translation>&amp;Aller au message</translation>
    </message>
    <message>
        <source>&amp;About KPI Groups</source>
        <translation>À &amp;propos de KPI Groups</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Switch Connection</source>
        <translation>C&amp;hanger de connexion</translation>
    </message>
    <message numerus="yes">
        <source>Remove &amp;Star from %n Groups</source>
        <translation>
            <numerusform>Retirer %n groupe des &amp;favoris</numerusform>
            <numerusform>Retirer %n groupes des &amp;favoris</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Star %n Groups</source>
        <translation>
            <numerusform>Ajouter %n groupe aux &amp;favoris</numerusform>
            <numerusform>Ajouter %n groupes aux &amp;favoris</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Groups…</source>
        <translation>
            <numerusform>&amp;Supprimer %n groupe…</numerusform>
            <numerusform>&amp;Supprimer %n groupes…</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove &amp;Star</source>
        <translation>Retirer des &amp;favoris</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Annuler %1</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>Delete the selected groups</source>
        <translation>Supprimer les groupes sélectionnés</translation>
    </message>
    <message>
        <source>Remove the selected KPIs from the group</source>
        <translation>Retirer du groupe les KPI sélectionnés</translation>
    </message>
    <message>
        <source>Del in the list of KPIs</source>
        <translation>Suppr dans la liste des KPI</translation>
    </message>
    <message>
        <source>Menu of the selected group or KPI</source>
        <translation>Menu du groupe ou du KPI sélectionné</translation>
    </message>
    <message>
        <source>Shift+F10 or the Menu key</source>
        <translation>Maj+F10 ou la touche Menu</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Effacer la recherche</translation>
    </message>
    <message>
        <source>Esc in the search field</source>
        <translation>Échap dans le champ de recherche</translation>
    </message>
    <message>
        <source>From the search to the groups</source>
        <translation>De la recherche aux groupes</translation>
    </message>
    <message>
        <source>Down or Enter</source>
        <translation>Flèche bas ou Entrée</translation>
    </message>
    <message>
        <source>Re&amp;load All Groups</source>
        <translation>Recharger &amp;tous les groupes</translation>
    </message>
    <message>
        <source>&amp;Open in Quantive</source>
        <translation>&amp;Ouvrir dans Quantive</translation>
    </message>
    <message>
        <source>Copy &amp;Link</source>
        <translation>Copier le &amp;lien</translation>
    </message>
    <message>
        <source>Opens one group at a time: select only one.</source>
        <translation>Ouvre un groupe à la fois : n’en sélectionnez qu’un.</translation>
    </message>
    <message>
        <source>Open the group&apos;s page in Quantive&apos;s web app (%1)</source>
        <translation>Ouvrir la page du groupe dans l’application web de Quantive (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Links to %n Groups</source>
        <translation>
            <numerusform>Copier le &amp;lien de %n groupe</numerusform>
            <numerusform>Copier les &amp;liens de %n groupes</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy the address of the group&apos;s page in Quantive&apos;s web app (%1)</source>
        <translation>Copier l’adresse de la page du groupe dans l’application web de Quantive (%1)</translation>
    </message>
    <message>
        <source>Copy the names of the selected KPIs</source>
        <translation>Copier les noms des KPI sélectionnés</translation>
    </message>
    <message>
        <source>%1 in the list of KPIs</source>
        <translation>%1 dans la liste des KPI</translation>
    </message>
    <message>
        <source>&amp;Export List…</source>
        <translation>&amp;Exporter la liste…</translation>
    </message>
    <message>
        <source>Rena&amp;me Connection…</source>
        <translation>&amp;Renommer la connexion…</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>Rena&amp;me</source>
        <translation>Reno&amp;mmer</translation>
    </message>
    <message>
        <source>Fa&amp;vorites First</source>
        <translation>Favoris en &amp;premier</translation>
    </message>
    <message>
        <source>About the &amp;Demo</source>
        <translation>À propos de la &amp;démo</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Rétablir %1</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <source>Delete “%1”?</source>
        <translation>Supprimer «&#xa0;%1&#xa0;»&#x202f;?</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n groups?</source>
        <translation>
            <numerusform>Supprimer %n groupe&#x202f;?</numerusform>
            <numerusform>Supprimer %n groupes&#x202f;?</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete KPI Group</source>
        <translation>Supprimer le groupe de KPI</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>«&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Its KPIs are kept; they only leave this group. This cannot be undone.</source>
        <translation>Ses KPI sont conservés&#x202f;; ils quittent seulement ce groupe. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Their KPIs are kept; they only leave these groups. This cannot be undone.</source>
        <translation>Leurs KPI sont conservés&#x202f;; ils quittent seulement ces groupes. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Delete Group</source>
        <translation>Supprimer le groupe</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Groups</source>
        <translation>
            <numerusform>Supprimer %n groupe</numerusform>
            <numerusform>Supprimer %n groupes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>et %n autre</numerusform>
            <numerusform>et %n autres</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes Not Sent</source>
        <translation>Modifications non envoyées</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>%n modification n’a pas encore atteint le serveur.</numerusform>
            <numerusform>%n modifications n’ont pas encore atteint le serveur.</numerusform>
        </translation>
    </message>
    <message>
        <source>Send what waits the next time you open %1, wait here until its server has it, or discard it.</source>
        <translation>Envoyez les modifications en attente la prochaine fois que vous ouvrirez %1, attendez ici que son serveur les ait reçues, ou abandonnez-les.</translation>
    </message>
    <message>
        <source>These changes could not be saved to disk (%1): they will be lost unless the server of %2 takes them before the app closes. Wait here until it has them, or discard them.</source>
        <translation>Ces modifications n’ont pas pu être enregistrées sur le disque (%1) : elles seront perdues si le serveur de %2 ne les reçoit pas avant la fermeture de l’application. Attendez ici qu’il les ait reçues, ou abandonnez-les.</translation>
    </message>
    <message>
        <source>no place to keep them</source>
        <translation>aucun endroit où les conserver</translation>
    </message>
    <message>
        <source>&amp;Send at Next Start</source>
        <translation>&amp;Envoyer au prochain démarrage</translation>
    </message>
    <message>
        <source>&amp;Wait for the Server</source>
        <translation>&amp;Attendre le serveur</translation>
    </message>
    <message>
        <source>&amp;Discard Them</source>
        <translation>&amp;Les abandonner</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Delete Groups</source>
        <translation>Supprimer des groupes</translation>
    </message>
    <message>
        <source>About KPI Groups</source>
        <translation>À propos de KPI Groups</translation>
    </message>
    <message>
        <source>&lt;h3&gt;KPI Groups %1&lt;/h3&gt;&lt;p&gt;A calm, fast desktop client for the KPI groups of Quantive Results.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;KPI Groups %1&lt;/h3&gt;&lt;p&gt;Un client de bureau calme et rapide pour les groupes de KPI de Quantive Results.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>WindowTitle</name>
    <message>
        <source>Demo account</source>
        <translation>Compte de démo</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>KPI groups of Quantive Results, on the desktop.</source>
        <translation>Les groupes de KPI de Quantive Results, sur le bureau.</translation>
    </message>
    <message>
        <source>Run on a built-in sample account.</source>
        <translation>Lancer sur un compte d’exemple intégré.</translation>
    </message>
    <message>
        <source>Data centre: eu, us, as, sa or au.</source>
        <translation>Centre de données&#xa0;: eu, us, as, sa ou au.</translation>
    </message>
    <message>
        <source>Any API base URL.</source>
        <translation>N’importe quelle URL de base de l’API.</translation>
    </message>
    <message>
        <source>Account id.</source>
        <translation>Identifiant du compte.</translation>
    </message>
    <message>
        <source>Save the window as a PNG once the list has loaded, then quit.</source>
        <translation>Enregistrer la fenêtre en PNG une fois la liste chargée, puis quitter.</translation>
    </message>
    <message>
        <source>unknown region &apos;%1&apos;: use eu, us, as, sa or au</source>
        <translation>région inconnue «&#xa0;%1&#xa0;»&#xa0;: utilisez eu, us, as, sa ou au</translation>
    </message>
    <message>
        <source>could not write %1</source>
        <translation>impossible d’écrire %1</translation>
    </message>
    <message>
        <source>the list did not load within a minute</source>
        <translation>la liste ne s’est pas chargée en une minute</translation>
    </message>
</context>
</TS>
