<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>ApiError</name>
    <message>
        <source>Could not reach the server. Check your internet connection and try again.</source>
        <translation>サーバーに接続できませんでした。インターネット接続を確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The server took too long to answer. Try again in a moment.</source>
        <translation>サーバーの応答に時間がかかりすぎました。少し待ってから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The API token was not accepted. Check it, or create a new one in Quantive under Settings → Integrations → API tokens.</source>
        <translation>API トークンが受け付けられませんでした。トークンを確認するか、Quantive の［設定］→［連携］→［API トークン］で新しいトークンを作成してください。</translation>
    </message>
    <message>
        <source>You have no access to this. Check the account id, or ask an administrator for the permission.</source>
        <translation>これにアクセスする権限がありません。アカウント ID を確認するか、管理者に権限を依頼してください。</translation>
    </message>
    <message>
        <source>The KPI is no longer in this group; someone may have removed it already.</source>
        <translation>この KPI はすでにこのグループにありません。他の誰かが削除した可能性があります。</translation>
    </message>
    <message>
        <source>There is no KPI groups API at this address (HTTP 404). Check the server address or the region.</source>
        <translation>このアドレスには KPI グループ API がありません (HTTP 404)。サーバーのアドレスまたはリージョンを確認してください。</translation>
    </message>
    <message>
        <source>This KPI group no longer exists; someone may have deleted it. Refresh the list.</source>
        <translation>この KPI グループはもう存在しません。他の誰かが削除した可能性があります。一覧を更新してください。</translation>
    </message>
    <message>
        <source>The server refused the request as invalid.</source>
        <translation>サーバーがリクエストを無効として拒否しました。</translation>
    </message>
    <message>
        <source>The server is receiving too many requests. Wait a minute, then try again.</source>
        <translation>サーバーへのリクエストが多すぎます。1 分ほど待ってから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Your Quantive plan does not include this. Ask your account owner.</source>
        <translation>ご利用の Quantive プランではこの機能を使えません。アカウントの所有者にお問い合わせください。</translation>
    </message>
    <message>
        <source>The server had a problem (HTTP %1). Try again later.</source>
        <translation>サーバーで問題が発生しました (HTTP %1)。後でもう一度お試しください。</translation>
    </message>
    <message>
        <source>The server sent an answer the app cannot read. Try again; if it keeps happening, the API may have changed.</source>
        <translation>サーバーから、アプリが読み取れない応答が届きました。もう一度お試しください。繰り返し起きる場合は、API が変更された可能性があります。</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>リクエストはキャンセルされました。</translation>
    </message>
    <message>
        <source>The connection settings are incomplete.</source>
        <translation>接続設定が不完全です。</translation>
    </message>
    <message>
        <source>The list could not be read whole. Try again.</source>
        <translation>一覧をすべて読み込めませんでした。もう一度お試しください。</translation>
    </message>
    <message>
        <source>The request reached the server, but no answer came back, so it is not known whether the change was made. Refresh to see what the server has.</source>
        <translation>リクエストはサーバーに届きましたが応答がなかったため、変更が行われたかどうかは不明です。更新してサーバーの状態を確認してください。</translation>
    </message>
    <message>
        <source>%1 The server said: %2</source>
        <translation>%1 サーバーからのメッセージ: %2</translation>
    </message>
    <message>
        <source>The server is receiving too many requests and asked to wait until %1, longer than the app waits by itself. Try again then.</source>
        <translation>サーバーへのリクエストが多すぎるため、%1 まで待つよう求められました。これはアプリが自動で待つ時間より長いため、その時刻以降にもう一度お試しください。</translation>
    </message>
    <message>
        <source>The server sent the request on to another address. It was stopped there, so that your token stays with the server you chose. Check the server address.</source>
        <translation>サーバーがリクエストを別のアドレスへ転送しました。トークンを選択したサーバーの外に出さないよう、転送先では送信を止めました。サーバーのアドレスを確認してください。</translation>
    </message>
    <message>
        <source>The server was still answering after %1 s, so the app stopped waiting. It is not known whether the change was made.</source>
        <translation>%1 秒たってもサーバーの応答が終わらなかったため、待つのをやめました。変更が行われたかどうかは不明です。</translation>
    </message>
    <message>
        <source>The server was still sending its answer after %1 s, far slower than it should, so the app stopped waiting. Try again later.</source>
        <translation>%1 秒たってもサーバーが応答を送り続けており、通常よりはるかに遅いため、待つのをやめました。後でもう一度お試しください。</translation>
    </message>
    <message>
        <source>The server&apos;s answer grew past %1 MB, more than this request can need, so the app stopped reading it. Try again; if it happens again, the server or something on the way to it is broken.</source>
        <translation>サーバーの応答が %1 MB を超え、このリクエストに必要な量を上回ったため、読み込みを中止しました。もう一度お試しください。再び起きる場合は、サーバーまたは途中の経路に問題があります。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified, so the app did not send anything. Check the server address.</source>
        <translation>サーバーの証明書を検証できなかったため、何も送信しませんでした。サーバーのアドレスを確認してください。</translation>
    </message>
    <message>
        <source>The server kept sending the request on to another address, in a loop. Check the server address.</source>
        <translation>サーバーがリクエストを別のアドレスへ繰り返し転送し、ループしています。サーバーのアドレスを確認してください。</translation>
    </message>
    <message>
        <source>The server did not answer in time, so it is not known whether the change was made.</source>
        <translation>サーバーが時間内に応答しなかったため、変更が行われたかどうかは不明です。</translation>
    </message>
    <message>
        <source>The server started to answer, then went silent. Try again in a moment.</source>
        <translation>サーバーが応答を始めましたが、途中で止まりました。少し待ってから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The server closed the connection in the middle of its answer. Try again.</source>
        <translation>サーバーが応答の途中で接続を閉じました。もう一度お試しください。</translation>
    </message>
    <message>
        <source>The server closed the connection without answering. Try again.</source>
        <translation>サーバーが応答せずに接続を閉じました。もう一度お試しください。</translation>
    </message>
    <message>
        <source>A KPI group needs a name.</source>
        <translation>KPI グループには名前が必要です。</translation>
    </message>
    <message>
        <source>The name is %1 characters long; a KPI group&apos;s name can have at most %2.</source>
        <translation>名前が %1 文字あります。KPI グループの名前は %2 文字までです。</translation>
    </message>
    <message>
        <source>The server answered with something that is not the API&apos;s answer (perhaps a sign-in page of the network or a proxy), so the change was most likely not made. Check the connection, then try again.</source>
        <translation>サーバーから API の応答ではないもの (ネットワークやプロキシのサインインページなど) が返されたため、変更はおそらく行われていません。接続を確認してから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The server kept answering with pages that brought nothing new.</source>
        <translation>サーバーが新しい内容のないページを返し続けました。</translation>
    </message>
    <message>
        <source>The list kept changing while it was read.</source>
        <translation>読み込み中に一覧が変わり続けました。</translation>
    </message>
    <message>
        <source>The server said it had %1, and sent %2.</source>
        <translation>サーバーは %1 件あると伝えましたが、%2 件しか送られてきませんでした。</translation>
    </message>
    <message>
        <source>The server did not answer, and it has no new group named “%1”: it was not created. Try again.</source>
        <translation>サーバーは応答しませんでしたが、「%1」という新しいグループはありません。作成されていないので、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The server did not answer, so it is not known whether the group was renamed to “%1”. Refresh to see its name.</source>
        <translation>サーバーが応答しなかったため、グループ名が「%1」に変更されたかどうかは不明です。更新して名前を確認してください。</translation>
    </message>
    <message>
        <source>The server did not answer, and the group still has its old name: it was not renamed. Try again.</source>
        <translation>サーバーは応答せず、グループの名前は元のままです。名前は変更されていないので、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The server answered with another group (id %1) than the one asked for (id %2), so its answer was not used. Try again; if it happens again, the server or something on the way to it is broken.</source>
        <translation>サーバーが、要求したグループ (ID %2) とは別のグループ (ID %1) を返したため、その応答は使用しませんでした。もう一度お試しください。再び起きる場合は、サーバーまたは途中の経路に問題があります。</translation>
    </message>
    <message>
        <source>The server did not answer, and it could not be found out whether “%1” was created: it may have been. Refresh before you create it again.</source>
        <translation>サーバーが応答せず、「%1」が作成されたかどうかを確認できませんでした。作成されている可能性があります。もう一度作成する前に更新してください。</translation>
    </message>
    <message>
        <source>The server refused the name (HTTP %1).</source>
        <translation>サーバーがこの名前を拒否しました (HTTP %1)。</translation>
    </message>
    <message>
        <source>The proxy refused to pass the request on: it asks for a user name and password it accepts (HTTP 407). Check the proxy&apos;s settings; in https_proxy they go in its address, e.g. http://user:password@proxy.example:3128.</source>
        <translation>プロキシがリクエストを中継しませんでした。プロキシが受け付けるユーザー名とパスワードが必要です (HTTP 407)。プロキシの設定を確認してください。https_proxy ではアドレスに含めます (例: http://user:password@proxy.example:3128)。</translation>
    </message>
    <message>
        <source>The server did not find %1 of the %2 groups asked for by id.</source>
        <translation>ID で要求した %2 件のグループのうち %1 件がサーバーに見つかりませんでした。</translation>
    </message>
    <message>
        <source>The server did not filter the groups by id.</source>
        <translation>サーバーがグループを ID で絞り込みませんでした。</translation>
    </message>
    <message>
        <source>This server does not offer adding KPIs to groups; add them in Quantive&apos;s web app.</source>
        <translation>このサーバーはグループへの KPI の追加に対応していません。Quantive の Web アプリで追加してください。</translation>
    </message>
</context>
<context>
    <name>ApiInput</name>
    <message>
        <source>%1 is not a KPI group id: ids are 24 hexadecimal digits (0-9, a-f).</source>
        <translation>%1 は KPI グループ ID ではありません。ID は 16 進数 24 桁 (0-9、a-f) です。</translation>
    </message>
    <message>
        <source>%1 is not a KPI id: ids are 24 hexadecimal digits (0-9, a-f).</source>
        <translation>%1 は KPI ID ではありません。ID は 16 進数 24 桁 (0-9、a-f) です。</translation>
    </message>
    <message>
        <source>%1 is not a user id: ids are 24 hexadecimal digits (0-9, a-f).</source>
        <translation>%1 はユーザー ID ではありません。ID は 16 進数 24 桁 (0-9、a-f) です。</translation>
    </message>
    <message>
        <source>%1 is not an account id: it is 24 hexadecimal digits (0-9, a-f), as in the address of your Quantive account.</source>
        <translation>%1 はアカウント ID ではありません。アカウント ID は Quantive アカウントのアドレスにある 16 進数 24 桁 (0-9、a-f) です。</translation>
    </message>
    <message>
        <source>The API token contains a line break, a space or another character an API token cannot have. Copy it again from Quantive.</source>
        <translation>API トークンに改行、空白、または API トークンに使えない文字が含まれています。Quantive からもう一度コピーしてください。</translation>
    </message>
    <message>
        <source>This name has characters that do not show, such as a line break or one that reverses text. The list shows them as %1.</source>
        <translation>この名前には改行や文字の向きを反転させる文字など、表示されない文字が含まれています。一覧では %1 と表示されます。</translation>
    </message>
</context>
<context>
    <name>CliRunner</name>
    <message>
        <source>Quantive Results KPI groups from the shell.</source>
        <translation>Quantive Results の KPI グループをシェルから操作します。</translation>
    </message>
    <message>
        <source>What to do; see Commands above.</source>
        <translation>実行する操作。上の Commands を参照してください。</translation>
    </message>
    <message>
        <source>Data centre: eu (default), us, as, sa or au.</source>
        <translation>データセンター: eu (既定)、us、as、sa、au のいずれか。</translation>
    </message>
    <message>
        <source>Any API base URL (overrides --region).</source>
        <translation>任意の API ベース URL (--region より優先)。</translation>
    </message>
    <message>
        <source>Account id (default: $QUANTIVE_ACCOUNT_ID).</source>
        <translation>アカウント ID (既定: $QUANTIVE_ACCOUNT_ID)。</translation>
    </message>
    <message>
        <source>Print JSON instead of a table.</source>
        <translation>表ではなく JSON で出力します。</translation>
    </message>
    <message>
        <source>Read the API token from the first line of standard input.</source>
        <translation>標準入力の 1 行目から API トークンを読み込みます。</translation>
    </message>
    <message>
        <source>list: Mongo-style filter, e.g. {&quot;favorite&quot;:true}.</source>
        <translation>list: Mongo 形式のフィルター。例: {&quot;favorite&quot;:true}</translation>
    </message>
    <message>
        <source>list: fields to sort by, &apos;-&apos; for descending.</source>
        <translation>list: 並べ替えに使うフィールド。降順には「-」を付けます。</translation>
    </message>
    <message>
        <source>list: fields to return.</source>
        <translation>list: 返すフィールド。</translation>
    </message>
    <message>
        <source>list: groups to skip.</source>
        <translation>list: スキップするグループの数。</translation>
    </message>
    <message>
        <source>list: groups to return at most (up to %1).</source>
        <translation>list: 返すグループの最大数 (%1 まで)。</translation>
    </message>
    <message>
        <source>list: every page, fetched in parallel.</source>
        <translation>list: すべてのページを並行して取得します。</translation>
    </message>
    <message>
        <source>Which command? Try --help.</source>
        <translation>どのコマンドですか? --help を参照してください。</translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;. Try --help.</source>
        <translation>不明なコマンド「%1」です。--help を参照してください。</translation>
    </message>
    <message>
        <source>Usage: kpigroups-cli %1</source>
        <translation>使い方: kpigroups-cli %1</translation>
    </message>
    <message>
        <source>Unknown region &apos;%1&apos;: use eu, us, as, sa or au.</source>
        <translation>不明なリージョン「%1」です。eu、us、as、sa、au のいずれかを指定してください。</translation>
    </message>
    <message>
        <source>No account id: pass --account or set QUANTIVE_ACCOUNT_ID.</source>
        <translation>アカウント ID がありません。--account を指定するか、QUANTIVE_ACCOUNT_ID を設定してください。</translation>
    </message>
    <message>
        <source>--timeout needs a number of seconds from 1 to 3600.</source>
        <translation>--timeout には 1 から 3600 までの秒数を指定してください。</translation>
    </message>
    <message>
        <source>--token-stdin was given, but standard input had no token.</source>
        <translation>--token-stdin が指定されましたが、標準入力にトークンがありませんでした。</translation>
    </message>
    <message>
        <source>--%1 needs a whole number of at least 0.</source>
        <translation>--%1 には 0 以上の整数を指定してください。</translation>
    </message>
    <message>
        <source>--take can be at most %1; use --all for every group.</source>
        <translation>--take は最大 %1 です。すべてのグループには --all を使ってください。</translation>
    </message>
    <message>
        <source>%1 of 1 group</source>
        <translation>%1 / 1 グループ</translation>
    </message>
    <message>
        <source>%1 of %2 groups</source>
        <translation>%1 / %2 グループ</translation>
    </message>
    <message>
        <source>Renamed %1 to &quot;%2&quot;.
</source>
        <translation>%1 の名前を「%2」に変更しました。
</translation>
    </message>
    <message>
        <source>Deleted %1; its KPIs are kept.
</source>
        <translation>%1 を削除しました。KPI はそのまま残ります。
</translation>
    </message>
    <message>
        <source>Starred %1.
</source>
        <translation>%1 にスターを付けました。
</translation>
    </message>
    <message>
        <source>Unstarred %1.
</source>
        <translation>%1 のスターを外しました。
</translation>
    </message>
    <message>
        <source>Removed KPI %1 from group %2.
</source>
        <translation>KPI %1 をグループ %2 から外しました。
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
        <translation>名前</translation>
    </message>
    <message>
        <source>UPDATED</source>
        <translation>更新日時</translation>
    </message>
    <message>
        <source>OWNER</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>GROUPS</source>
        <translation>グループ数</translation>
    </message>
    <message>
        <source>No KPIs in this group.</source>
        <translation>このグループには KPI がありません。</translation>
    </message>
    <message>
        <source>only %1 of %2 groups could be read. %3</source>
        <translation>%2 件中 %1 件のグループしか読み込めませんでした。%3</translation>
    </message>
    <message>
        <source>Note: the server said it had %1 groups; all %2 were read, to the end of the list.</source>
        <translation>注意: サーバーは %1 件のグループがあると伝えましたが、リストの最後まで %2 件すべてを読み込みました。</translation>
    </message>
    <message>
        <source>Note: the server also sent %1 KPIs that are not in this group; they are not shown.</source>
        <translation>注意: サーバーはこのグループに含まれない KPI も %1 件送ってきました。それらは表示していません。</translation>
    </message>
    <message>
        <source>Seconds the whole command may take, every attempt included (default: no limit; each attempt stops after %1 s).</source>
        <translation>コマンド全体にかけてよい秒数。すべての試行を含みます (既定: 制限なし。各試行は %1 秒で打ち切り)。</translation>
    </message>
    <message>
        <source>No answer within %1 s (--timeout), so the command stopped; it is not known whether the change was made. Check before you try again.</source>
        <translation>%1 秒以内に応答がなかったため (--timeout)、コマンドを中止しました。変更が行われたかどうかは不明です。もう一度試す前に確認してください。</translation>
    </message>
    <message>
        <source>No complete answer within %1 s (--timeout), so the command stopped. Try again later, or allow more time with --timeout.</source>
        <translation>%1 秒以内に完全な応答がなかったため (--timeout)、コマンドを中止しました。後でもう一度試すか、--timeout でより長い時間を指定してください。</translation>
    </message>
    <message>
        <source>%1 groups were read, but the list could not be read whole. %2</source>
        <translation>%1 件のグループを読み込みましたが、リスト全体は読み込めませんでした。%2</translation>
    </message>
    <message>
        <source>A KPI cannot be moved to the group it is in.</source>
        <translation>KPI を今いるグループへ移動することはできません。</translation>
    </message>
    <message>
        <source>--filter needs a JSON object, such as {&quot;favorite&quot;:true}.</source>
        <translation>--filter には {&quot;favorite&quot;:true} のような JSON オブジェクトが必要です。</translation>
    </message>
    <message>
        <source>--all reads every group and --take only some: give one of them.</source>
        <translation>--all はすべてのグループを、--take は一部だけを読み込みます。どちらか一方を指定してください。</translation>
    </message>
    <message>
        <source>No API token: %1.</source>
        <translation>API トークンがありません: %1。</translation>
    </message>
    <message>
        <source>No API token.</source>
        <translation>API トークンがありません。</translation>
    </message>
    <message>
        <source>Set QUANTIVE_TOKEN, pass --token-stdin, or connect once with the KPI Groups app so that the keychain has it.</source>
        <translation>QUANTIVE_TOKEN を設定するか、--token-stdin を渡すか、KPI Groups アプリで一度接続してキーチェーンに保存してください。</translation>
    </message>
    <message>
        <source>none in the keychain for this account</source>
        <translation>このアカウントのトークンはキーチェーンにありません</translation>
    </message>
    <message>
        <source>No KPI group with the id %1 in this account.</source>
        <translation>このアカウントに ID %1 の KPI グループはありません。</translation>
    </message>
    <message>
        <source>Created %1 &quot;%2&quot;.
</source>
        <translation>%1「%2」を作成しました。
</translation>
    </message>
    <message>
        <source>No KPI %1 in a group %2. The order is remove-kpi KPI_ID GROUP_ID.</source>
        <translation>グループ %2 に KPI %1 はありません。順序は remove-kpi KPI_ID GROUP_ID です。</translation>
    </message>
    <message>
        <source>Added KPI %1 to group %2.
</source>
        <translation>KPI %1 をグループ %2 に追加しました。
</translation>
    </message>
    <message>
        <source>KPI %1 was added to group %2, but could not be taken out of the other: %3</source>
        <translation>KPI %1 をグループ %2 に追加しましたが、元のグループから外せませんでした: %3</translation>
    </message>
    <message>
        <source>Moved KPI %1 from group %2 to group %3.
</source>
        <translation>KPI %1 をグループ %2 からグループ %3 へ移動しました。
</translation>
    </message>
    <message>
        <source>list, kpis: print CSV instead of a table (RFC 4180, UTF-8 without a BOM; a value that starts with = + - or @ gets a leading &apos;).</source>
        <translation>list, kpis: 表の代わりに CSV を出力します (RFC 4180、BOM なしの UTF-8。= + - @ で始まる値の先頭には &apos; を付けます)。</translation>
    </message>
    <message>
        <source>--csv and --json are two ways to print the same: give one of them.</source>
        <translation>--csv と --json は同じ内容の別の出力形式です。どちらか一方を指定してください。</translation>
    </message>
    <message>
        <source>--csv is for the lists: list and kpis.</source>
        <translation>--csv は一覧用です: list と kpis。</translation>
    </message>
    <message>
        <source>Only %1 of the groups asked for could be read, so none is shown. %2</source>
        <translation>要求したグループのうち %1 件しか読み取れなかったため、何も表示しません。%2</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Try the &amp;demo</source>
        <translation>デモを試す(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>接続(&amp;C)</translation>
    </message>
    <message>
        <source>Connect to Quantive</source>
        <translation>Quantive に接続</translation>
    </message>
    <message>
        <source>Data centre</source>
        <translation>データセンター</translation>
    </message>
    <message>
        <source>Another address…</source>
        <translation>その他のアドレス…</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>サーバーのアドレス</translation>
    </message>
    <message>
        <source>Account id</source>
        <translation>アカウント ID</translation>
    </message>
    <message>
        <source>24 characters, e.g. 5be26318e5274a0007f17f61</source>
        <translation>24 文字。例: 5be26318e5274a0007f17f61</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API トークン</translation>
    </message>
    <message>
        <source>Paste your API token</source>
        <translation>API トークンを貼り付け</translation>
    </message>
    <message>
        <source>Explore the app on a built-in sample account; nothing leaves this computer.</source>
        <translation>組み込みのサンプルアカウントでアプリを試せます。データがこのコンピューターの外に出ることはありません。</translation>
    </message>
    <message>
        <source>&amp;Data centre</source>
        <translation>データセンター(&amp;D)</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>サーバーのアドレス(&amp;A)</translation>
    </message>
    <message>
        <source>Account &amp;id</source>
        <translation>アカウント ID(&amp;I)</translation>
    </message>
    <message>
        <source>API &amp;token</source>
        <translation>API トークン(&amp;T)</translation>
    </message>
    <message>
        <source>Create a token in Quantive under Settings → Integrations → API tokens. It is kept in your system&apos;s keychain, never in plain files.</source>
        <translation>Quantive の［設定］→［連携］→［API トークン］でトークンを作成してください。トークンはシステムのキーチェーンに保存され、通常のファイルには保存されません。</translation>
    </message>
    <message>
        <source>Create a token in Quantive under Settings → Integrations → API tokens. The system keychain cannot be used: the token is kept for this session only.</source>
        <translation>Quantive の［設定］→［連携］→［API トークン］でトークンを作成してください。システムのキーチェーンを使えないため、トークンはこのセッションの間だけ保持されます。</translation>
    </message>
    <message>
        <source>The account id is missing.</source>
        <translation>アカウント ID がありません。</translation>
    </message>
    <message>
        <source>The account id is 24 hex digits (0–9, a–f); “%1” is not.</source>
        <translation>アカウント ID は 16 進数 24 桁 (0–9、a–f) です。「%1」は該当しません。</translation>
    </message>
    <message>
        <source>The API token is missing.</source>
        <translation>API トークンがありません。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認中…</translation>
    </message>
    <message>
        <source>The server did not accept this API token. Check that it is complete and has not been revoked.</source>
        <translation>サーバーがこの API トークンを受け付けませんでした。トークンが完全で、無効化されていないことを確認してください。</translation>
    </message>
    <message>
        <source>This token cannot open that account. Check the account id, and the data centre.</source>
        <translation>このトークンではそのアカウントを開けません。アカウント ID とデータセンターを確認してください。</translation>
    </message>
    <message>
        <source>Name of the connection</source>
        <translation>接続の名前</translation>
    </message>
    <message>
        <source>Shown in the window&apos;s title and in File → Switch Connection. Left empty, the data centre and the account&apos;s short id are shown.</source>
        <translation>ウィンドウのタイトルと［ファイル］→［接続を切り替え］に表示されます。空のままにすると、データセンターと短いアカウント ID が表示されます。</translation>
    </message>
    <message>
        <source>&amp;Name (optional)</source>
        <translation>名前 (任意)(&amp;N)</translation>
    </message>
    <message>
        <source>Connects to %1</source>
        <translation>接続先: %1</translation>
    </message>
</context>
<context>
    <name>ConnectionFlow</name>
    <message>
        <source>it gave no reason</source>
        <translation>理由は示されませんでした</translation>
    </message>
    <message>
        <source>The demo could not start its local server.</source>
        <translation>デモのローカルサーバーを起動できませんでした。</translation>
    </message>
    <message>
        <source>Your token could not be saved in the system keychain (%1). It is kept for this session only.</source>
        <translation>トークンをシステムのキーチェーンに保存できませんでした (%1)。このセッションの間だけ保持されます。</translation>
    </message>
    <message>
        <source>Enter the API token for %1.</source>
        <translation>%1 の API トークンを入力してください。</translation>
    </message>
    <message>
        <source>The system keychain did not give the saved token (%1). Enter it again; it will be kept for this session only.</source>
        <translation>システムのキーチェーンから保存済みのトークンを取得できませんでした (%1)。もう一度入力してください。このセッションの間だけ保持されます。</translation>
    </message>
    <message>
        <source>The token for %1 was never saved: the system keychain could not be used when it was entered (%2). Enter it again; it will be kept for this session only.</source>
        <translation>%1 のトークンは保存されていません。入力時にシステムのキーチェーンを使用できませんでした (%2)。もう一度入力してください。このセッションの間だけ保持されます。</translation>
    </message>
    <message>
        <source>Quantive did not accept the API token from the QUANTIVE_TOKEN environment variable (it may be mistyped or revoked). Enter a valid token to go on.</source>
        <translation>環境変数 QUANTIVE_TOKEN の API トークンが Quantive に受け付けられませんでした (入力ミスか無効化の可能性があります)。続けるには有効なトークンを入力してください。</translation>
    </message>
    <message>
        <source>Quantive did not accept the API token for this account any more (it may have been revoked). Enter a valid token to go on.</source>
        <translation>このアカウントの API トークンが Quantive に受け付けられなくなりました (無効化された可能性があります)。続けるには有効なトークンを入力してください。</translation>
    </message>
    <message>
        <source>This connection and its token are forgotten on this computer.</source>
        <translation>この接続とトークンをこのコンピューターから削除しました。</translation>
    </message>
</context>
<context>
    <name>ConnectionNameDialog</name>
    <message>
        <source>Rename Connection</source>
        <translation>接続の名前を変更</translation>
    </message>
    <message>
        <source>&amp;Name of this connection:</source>
        <translation>この接続の名前(&amp;N):</translation>
    </message>
    <message>
        <source>Name of this connection</source>
        <translation>この接続の名前</translation>
    </message>
    <message>
        <source>Shown in the window&apos;s title and in File → Switch Connection. Left empty, the connection is called “%1”.</source>
        <translation>ウィンドウのタイトルと［ファイル］→［接続を切り替え］に表示されます。空のままにすると、接続は「%1」と表示されます。</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>名前を変更</translation>
    </message>
</context>
<context>
    <name>DemoHint</name>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>About the demo</source>
        <translation>デモについて</translation>
    </message>
    <message>
        <source>Close the introduction to the demo</source>
        <translation>デモの紹介を閉じる</translation>
    </message>
    <message>
        <source>This is the demo.</source>
        <translation>これはデモです。</translation>
    </message>
    <message>
        <source>Its groups and KPIs are sample data: nothing you do here leaves this computer.</source>
        <translation>グループと KPI はサンプルデータで、操作がこのコンピューターの外に送られることはありません。</translation>
    </message>
    <message>
        <source>A KPI group is a named set of KPIs. Drag a KPI out of its group to remove it, or onto another group in the list to move it there (hold Ctrl to add it and keep it here too).</source>
        <translation>KPI グループは名前の付いた KPI のまとまりです。KPI をグループの外へドラッグすると外れ、一覧の別のグループへドラッグすると移動します (Ctrl キーを押しながらだと、ここにも残して追加)。</translation>
    </message>
    <message>
        <source>To work on your own account, choose %1.</source>
        <translation>自分のアカウントには %1 で接続します。</translation>
    </message>
    <message>
        <source>To work on your own account, choose %1 (%2).</source>
        <translation>自分のアカウントには %1 (%2) で接続します。</translation>
    </message>
    <message>
        <source>Close (%1); %2 shows it again</source>
        <translation>閉じる (%1)。%2 でもう一度表示できます</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>［%1］→［%2］</translation>
    </message>
</context>
<context>
    <name>FavoriteButton</name>
    <message>
        <source>Favorite</source>
        <translation>お気に入り</translation>
    </message>
    <message>
        <source>Remove the star (Ctrl+D)</source>
        <translation>スターを外す (Ctrl+D)</translation>
    </message>
    <message>
        <source>Star this group (Ctrl+D)</source>
        <translation>このグループにスターを付ける (Ctrl+D)</translation>
    </message>
    <message>
        <source>Starred</source>
        <translation>スター付き</translation>
    </message>
    <message>
        <source>Not starred</source>
        <translation>スターなし</translation>
    </message>
</context>
<context>
    <name>GroupActions</name>
    <message>
        <source>Could not star “%1”. %2</source>
        <translation>「%1」にスターを付けられませんでした。%2</translation>
    </message>
    <message>
        <source>Could not remove the star from “%1”. %2</source>
        <translation>「%1」のスターを外せませんでした。%2</translation>
    </message>
    <message>
        <source>Could not delete “%1”. %2</source>
        <translation>「%1」を削除できませんでした。%2</translation>
    </message>
    <message>
        <source>Could not create “%1”. %2</source>
        <translation>「%1」を作成できませんでした。%2</translation>
    </message>
    <message>
        <source>“%1” is not created yet: it can be renamed once the server has it.</source>
        <translation>「%1」はまだ作成されていません。サーバーに届いてから名前を変更できます。</translation>
    </message>
    <message>
        <source>“%1” is not created yet: it can be starred once the server has it.</source>
        <translation>「%1」はまだ作成されていません。サーバーに届いてからスターを付けられます。</translation>
    </message>
</context>
<context>
    <name>GroupChooserDialog</name>
    <message>
        <source>&amp;Group:</source>
        <translation>グループ(&amp;G):</translation>
    </message>
    <message>
        <source>Type to find a group</source>
        <translation>入力してグループを探す</translation>
    </message>
    <message>
        <source>Find a group</source>
        <translation>グループを探す</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>グループ</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>選択</translation>
    </message>
</context>
<context>
    <name>GroupDetailPane</name>
    <message>
        <source>Select a KPI group to see and edit it.</source>
        <translation>KPI グループを選択すると、表示と編集ができます。</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>元に戻す(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Delete Group…</source>
        <translation>グループを削除(&amp;D)…</translation>
    </message>
    <message>
        <source>Group name</source>
        <translation>グループ名</translation>
    </message>
    <message>
        <source>Save the new name (Enter)</source>
        <translation>新しい名前を保存 (Enter)</translation>
    </message>
    <message>
        <source>Go back to the saved name (Esc)</source>
        <translation>保存済みの名前に戻す (Esc)</translation>
    </message>
    <message>
        <source>Why the name was not saved</source>
        <translation>名前が保存されなかった理由</translation>
    </message>
    <message>
        <source>Group id</source>
        <translation>グループ ID</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Copy the group id</source>
        <translation>グループ ID をコピー</translation>
    </message>
    <message>
        <source>Delete this group; its KPIs are kept (Del)</source>
        <translation>このグループを削除します。KPI はそのまま残ります (Del)</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>%1, by %2</source>
        <translation>%1、%2</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存中…</translation>
    </message>
    <message>
        <source>A draft kept from when the app last closed, not saved yet: press Enter to save it.</source>
        <translation>前回アプリを閉じたときから残っている、まだ保存されていない下書きです。Enter キーを押すと保存します。</translation>
    </message>
    <message>
        <source>KPIs in no group</source>
        <translation>どのグループにもない KPI</translation>
    </message>
</context>
<context>
    <name>GroupItemDelegate</name>
    <message>
        <source>Remove the star</source>
        <translation>スターを外す</translation>
    </message>
    <message>
        <source>Star this group</source>
        <translation>このグループにスターを付ける</translation>
    </message>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n 件の KPI</numerusform>
        </translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>%1 に作成</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>%1 に更新</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>未送信</translation>
    </message>
    <message>
        <source>A change to this group waits to be sent: the server could not take it yet.</source>
        <translation>このグループへの変更が送信待ちです。サーバーがまだ受け付けていません。</translation>
    </message>
    <message>
        <source>name not saved</source>
        <translation>名前は未保存</translation>
    </message>
    <message>
        <source>A name typed for this group is kept and not saved yet: open the group to save or discard it.</source>
        <translation>このグループに入力した名前は保持されていますが、まだ保存されていません。グループを開いて保存するか破棄してください。</translation>
    </message>
</context>
<context>
    <name>GroupKpiActions</name>
    <message>
        <source>Removed “%1” from “%2”.</source>
        <translation>「%1」を「%2」から外しました。</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n KPIs from “%1”.</source>
        <translation>
            <numerusform>%n 件の KPI を「%1」から外しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” had already left “%2”; someone else removed it.</source>
        <translation>「%1」はすでに「%2」から外れていました。他の誰かが外しました。</translation>
    </message>
    <message>
        <source>“%1” is back in “%2”: it could not be removed. %3</source>
        <translation>「%1」を外せなかったため、「%2」に戻しました。%3</translation>
    </message>
    <message>
        <source>Could not load the KPIs of “%1”. %2</source>
        <translation>「%1」の KPI を読み込めませんでした。%2</translation>
    </message>
    <message>
        <source>Could not load the KPIs in no group. %1</source>
        <translation>どのグループにもない KPI を読み込めませんでした。%1</translation>
    </message>
</context>
<context>
    <name>GroupKpisPanel</name>
    <message>
        <source>&amp;Remove from Group</source>
        <translation>グループから外す(&amp;R)</translation>
    </message>
    <message>
        <source>Search KPIs</source>
        <translation>KPI を検索</translation>
    </message>
    <message>
        <source>Take the selected KPIs out of this group; they are kept (Del)</source>
        <translation>選択した KPI をこのグループから外します。KPI 自体は残ります (Del)</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPI</translation>
    </message>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n 件の KPI</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading KPIs…</source>
        <translation>KPI を読み込み中…</translation>
    </message>
    <message>
        <source>No KPIs in this group</source>
        <translation>このグループには KPI がありません</translation>
    </message>
    <message>
        <source>No KPI matches “%1”.</source>
        <translation>「%1」に一致する KPI はありません。</translation>
    </message>
    <message>
        <source>The KPIs of this group could not be loaded.</source>
        <translation>このグループの KPI を読み込めませんでした。</translation>
    </message>
</context>
<context>
    <name>GroupLinks</name>
    <message>
        <source>Copied the id of “%1”.</source>
        <translation>「%1」の ID をコピーしました。</translation>
    </message>
    <message>
        <source>Copied the link to “%1”.</source>
        <translation>「%1」へのリンクをコピーしました。</translation>
    </message>
    <message numerus="yes">
        <source>Copied the links to %n groups, one a line.</source>
        <translation>
            <numerusform>%n 件のグループへのリンクを 1 行に 1 つずつコピーしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened “%1” in Quantive.</source>
        <translation>「%1」を Quantive で開きました。</translation>
    </message>
    <message>
        <source>No web browser could open %1.</source>
        <translation>%1 を開ける Web ブラウザーがありませんでした。</translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message>
        <source>%1, starred</source>
        <translation>%1、スター付き</translation>
    </message>
    <message numerus="yes">
        <source>%1, starred, %n KPI(s)</source>
        <translation>
            <numerusform>%1、スター付き、%n 件の KPI</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %n KPI(s)</source>
        <translation>
            <numerusform>%1、%n 件の KPI</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, a change waits to be sent</source>
        <translation>%1、送信待ちの変更あり</translation>
    </message>
    <message>
        <source>%1, a name typed is not saved</source>
        <translation>%1、入力した名前は保存されていません</translation>
    </message>
</context>
<context>
    <name>GroupListPane</name>
    <message>
        <source>Search groups (Ctrl+F)</source>
        <translation>グループを検索 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search groups</source>
        <translation>グループを検索</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>並べ替え</translation>
    </message>
    <message>
        <source>Sort and favorites</source>
        <translation>並べ替えとお気に入り</translation>
    </message>
    <message>
        <source>Sort order, and favorites first</source>
        <translation>並べ替え順、お気に入りを先頭に</translation>
    </message>
    <message>
        <source>Show favorites only (Ctrl+Shift+F)</source>
        <translation>お気に入りのみ表示 (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <source>Favorites only</source>
        <translation>お気に入りのみ</translation>
    </message>
    <message>
        <source>KPI groups</source>
        <translation>KPI グループ</translation>
    </message>
    <message numerus="yes">
        <source>%Ln group(s)</source>
        <translation>
            <numerusform>%Ln グループ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln group(s)</source>
        <translation>
            <numerusform>%1 / %Ln グループ</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — incomplete: the server has %2</source>
        <translation>%1 — 不完全: サーバーには %2 件あります</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>接続されていません。</translation>
    </message>
    <message>
        <source>The server cannot be reached.
The groups show here once it answers.</source>
        <translation>サーバーに接続できません。
応答があり次第、ここにグループが表示されます。</translation>
    </message>
    <message>
        <source>The KPI groups could not be loaded.</source>
        <translation>KPI グループを読み込めませんでした。</translation>
    </message>
    <message>
        <source>No KPI groups yet.
Press Ctrl+N to create one.</source>
        <translation>KPI グループはまだありません。
Ctrl+N で作成できます。</translation>
    </message>
    <message>
        <source>No group matches “%1”.</source>
        <translation>「%1」に一致するグループはありません。</translation>
    </message>
    <message>
        <source>No favorites yet.
Star a group with Ctrl+D to see it here.</source>
        <translation>お気に入りはまだありません。
Ctrl+D でグループにスターを付けると、ここに表示されます。</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>接続(&amp;C)…</translation>
    </message>
    <message>
        <source>KPIs in no group</source>
        <translation>どのグループにもない KPI</translation>
    </message>
    <message>
        <source>The KPIs that are in no group; drag them onto a group to add them</source>
        <translation>どのグループにも入っていない KPI。グループへドラッグすると追加できます</translation>
    </message>
</context>
<context>
    <name>GroupListRefresh</name>
    <message>
        <source>Could not load the KPI groups. %1</source>
        <translation>KPI グループを読み込めませんでした。%1</translation>
    </message>
</context>
<context>
    <name>KeychainTokenStore</name>
    <message>
        <source>The system keychain did not answer (it may be locked).</source>
        <translation>システムのキーチェーンが応答しませんでした (ロックされている可能性があります)。</translation>
    </message>
</context>
<context>
    <name>KpiItemDelegate</name>
    <message>
        <source>Owner %1 · in no other group</source>
        <translation>担当者 %1 · 他のグループには含まれていません</translation>
    </message>
    <message numerus="yes">
        <source>Owner %1 · also in %n other group(s)</source>
        <translation>
            <numerusform>担当者 %1 · 他の %n グループにも含まれています</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiListView</name>
    <message>
        <source>KPIs in this group</source>
        <translation>このグループの KPI</translation>
    </message>
    <message numerus="yes">
        <source>%n KPI(s)</source>
        <translation>
            <numerusform>%n 件の KPI</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KpiMenu</name>
    <message>
        <source>Copy &amp;Name</source>
        <translation>名前をコピー(&amp;N)</translation>
    </message>
    <message>
        <source>Copy &amp;Id</source>
        <translation>ID をコピー(&amp;I)</translation>
    </message>
    <message>
        <source>Copy &amp;Link</source>
        <translation>リンクをコピー(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Open in Quantive</source>
        <translation>Quantive で開く(&amp;O)</translation>
    </message>
    <message>
        <source>Other &amp;Groups</source>
        <translation>他のグループ(&amp;G)</translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Names of %n KPIs</source>
        <translation>
            <numerusform>%n 件の KPI の名前をコピー(&amp;N)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Ids of %n KPIs</source>
        <translation>
            <numerusform>%n 件の KPI の ID をコピー(&amp;I)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Links to %n KPIs</source>
        <translation>
            <numerusform>%n 件の KPI のリンクをコピー(&amp;L)</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy the address of the KPI&apos;s page in Quantive&apos;s web app</source>
        <translation>Quantive の Web アプリにある KPI のページのアドレスをコピー</translation>
    </message>
    <message>
        <source>Opens one KPI at a time: select only one.</source>
        <translation>一度に開ける KPI は 1 つです。1 つだけ選択してください。</translation>
    </message>
    <message>
        <source>Open the KPI&apos;s page in Quantive&apos;s web app</source>
        <translation>Quantive の Web アプリで KPI のページを開く</translation>
    </message>
    <message>
        <source>Shows the other groups of one KPI: select only one.</source>
        <translation>他のグループは 1 つの KPI について表示します。1 つだけ選択してください。</translation>
    </message>
    <message>
        <source>“%1” is in no other group.</source>
        <translation>「%1」は他のどのグループにも入っていません。</translation>
    </message>
    <message>
        <source>The other groups this KPI is in, to go to one</source>
        <translation>この KPI が入っている他のグループ (選ぶとそのグループへ移動)</translation>
    </message>
    <message>
        <source>Copied the name of “%1”.</source>
        <translation>「%1」の名前をコピーしました。</translation>
    </message>
    <message numerus="yes">
        <source>Copied the names of %n KPIs, one a line.</source>
        <translation>
            <numerusform>%n 件の KPI の名前を 1 行に 1 つずつコピーしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the id of “%1”.</source>
        <translation>「%1」の ID をコピーしました。</translation>
    </message>
    <message numerus="yes">
        <source>Copied the ids of %n KPIs, one a line.</source>
        <translation>
            <numerusform>%n 件の KPI の ID を 1 行に 1 つずつコピーしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the link to “%1”.</source>
        <translation>「%1」へのリンクをコピーしました。</translation>
    </message>
    <message numerus="yes">
        <source>Copied the links to %n KPIs, one a line.</source>
        <translation>
            <numerusform>%n 件の KPI へのリンクを 1 行に 1 つずつコピーしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened “%1” in Quantive.</source>
        <translation>「%1」を Quantive で開きました。</translation>
    </message>
    <message>
        <source>No web browser could open %1.</source>
        <translation>%1 を開ける Web ブラウザーがありませんでした。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Could not load the other groups: %1</source>
        <translation>他のグループを読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>None left: the other groups were deleted</source>
        <translation>ありません: 他のグループは削除されました</translation>
    </message>
    <message>
        <source>“%1” is not in the list yet: reading the list again…</source>
        <translation>「%1」はまだ一覧にありません。一覧を読み直しています…</translation>
    </message>
</context>
<context>
    <name>KpiPlacements</name>
    <message>
        <source>Choose a group to put the KPIs in.</source>
        <translation>KPI を入れるグループを選んでください。</translation>
    </message>
    <message>
        <source>The KPIs are in “%1” already.</source>
        <translation>KPI はすでに「%1」にあります。</translation>
    </message>
    <message>
        <source>“%1” is in “%2” already.</source>
        <translation>「%1」はすでに「%2」にあります。</translation>
    </message>
    <message>
        <source>These KPIs are all in “%1” already.</source>
        <translation>これらの KPI はすべてすでに「%1」にあります。</translation>
    </message>
    <message>
        <source>Added “%1” to “%2”.</source>
        <translation>「%1」を「%2」に追加しました。</translation>
    </message>
    <message numerus="yes">
        <source>Added %n KPIs to “%1”.</source>
        <translation>
            <numerusform>%n 件の KPI を「%1」に追加しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Moved “%1” from “%2” to “%3”.</source>
        <translation>「%1」を「%2」から「%3」へ移動しました。</translation>
    </message>
    <message numerus="yes">
        <source>Moved %n KPIs from “%1” to “%2”.</source>
        <translation>
            <numerusform>%n 件の KPI を「%1」から「%2」へ移動しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is back in “%2”: it could not be moved to “%3”. %4</source>
        <translation>「%1」は「%2」に戻りました。「%3」へ移動できませんでした。%4</translation>
    </message>
    <message>
        <source>“%1” could not be added to “%2”. %3</source>
        <translation>「%1」を「%2」に追加できませんでした。%3</translation>
    </message>
</context>
<context>
    <name>KpiPlacing</name>
    <message>
        <source>&amp;Add to Group…</source>
        <translation>グループに追加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Move to Group…</source>
        <translation>グループへ移動(&amp;M)…</translation>
    </message>
    <message>
        <source>Put the selected KPIs in another group too</source>
        <translation>選択した KPI を別のグループにも入れる</translation>
    </message>
    <message>
        <source>Take the selected KPIs out of this group into another</source>
        <translation>選択した KPI をこのグループから別のグループへ移す</translation>
    </message>
    <message numerus="yes">
        <source>Add %n KPI(s) to Group</source>
        <translation>
            <numerusform>%n 件の KPI をグループに追加</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n KPI(s) to Group</source>
        <translation>
            <numerusform>%n 件の KPI をグループへ移動</numerusform>
        </translation>
    </message>
    <message>
        <source>Add here</source>
        <translation>ここに追加</translation>
    </message>
    <message>
        <source>Move here (Ctrl: add)</source>
        <translation>ここへ移動 (Ctrl: 追加)</translation>
    </message>
</context>
<context>
    <name>KpiRemoveZone</name>
    <message>
        <source>Remove from group</source>
        <translation>グループから外す</translation>
    </message>
    <message>
        <source>Drop here to remove from “%1”</source>
        <translation>ここにドロップすると「%1」から外します</translation>
    </message>
</context>
<context>
    <name>ListExport</name>
    <message>
        <source>Export List</source>
        <translation>一覧をエクスポート</translation>
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
        <translation>KPIグループ</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln group(s) to %1.</source>
        <translation>
            <numerusform>%Ln 件のグループを %1 にエクスポートしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not export to %1: %2 — nothing was written.</source>
        <translation>%1 にエクスポートできませんでした: %2 — 何も書き込まれていません。</translation>
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
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Saving your changes before closing…</source>
        <translation>閉じる前に変更を保存しています…</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) to %1 could not be sent yet: kept, to be sent the next time you open that connection.</source>
        <translation>
            <numerusform>%1 への %n 件の変更はまだ送信できていません。保持しておき、次にその接続を開いたときに送信します。</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting for the server to take the changes… Close again to choose again.</source>
        <translation>サーバーが変更を受け付けるのを待っています… もう一度閉じると、選び直せます。</translation>
    </message>
    <message>
        <source>Not connected: enter the token to see what changed since.</source>
        <translation>未接続: トークンを入力すると、その後の変更を確認できます。</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>&amp;Retry</source>
        <translation>再試行(&amp;R)</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>メッセージを閉じる</translation>
    </message>
</context>
<context>
    <name>NewGroupDialog</name>
    <message>
        <source>New KPI Group</source>
        <translation>新しい KPI グループ</translation>
    </message>
    <message>
        <source>&amp;Name of the new group:</source>
        <translation>新しいグループの名前(&amp;N):</translation>
    </message>
    <message>
        <source>Name of the new group</source>
        <translation>新しいグループの名前</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>作成</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>The folder %1 could not be made.</source>
        <translation>フォルダー %1 を作成できませんでした。</translation>
    </message>
    <message>
        <source>The folder %1 cannot be written to.</source>
        <translation>フォルダー %1 に書き込めません。</translation>
    </message>
    <message>
        <source>The lock beside %1 could not be made.</source>
        <translation>%1 のロックファイルを作成できませんでした。</translation>
    </message>
    <message>
        <source>Too many windows of this connection are open.</source>
        <translation>この接続のウィンドウが多すぎます。</translation>
    </message>
    <message>
        <source>%1 is a link that could not be moved aside.</source>
        <translation>%1 はリンクで、退避できませんでした。</translation>
    </message>
    <message>
        <source>The end of the journal could not be cut off again.</source>
        <translation>ジャーナルの末尾を元に戻せませんでした。</translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message>
        <source>Changes Not Sent Yet</source>
        <translation>未送信の変更</translation>
    </message>
    <message>
        <source>Changes not sent yet</source>
        <translation>未送信の変更</translation>
    </message>
    <message>
        <source>&amp;Send Now</source>
        <translation>今すぐ送信(&amp;S)</translation>
    </message>
    <message>
        <source>Try the server now instead of waiting for the next try</source>
        <translation>次の試行を待たずに、今すぐサーバーへの送信を試みます</translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation>破棄(&amp;D)…</translation>
    </message>
    <message>
        <source>Give up on the selected changes: they are not sent</source>
        <translation>選択した変更を取りやめます。これらは送信されません</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>%n 件の変更がまだサーバーに届いていません。</numerusform>
        </translation>
    </message>
    <message>
        <source>The server cannot be reached; the app keeps trying by itself.</source>
        <translation>サーバーに接続できません。アプリが自動的に試行を続けています。</translation>
    </message>
    <message>
        <source>Next try: %1.</source>
        <translation>次の試行: %1。</translation>
    </message>
    <message numerus="yes">
        <source>Discard %n change(s)?</source>
        <translation>
            <numerusform>%n 件の変更を破棄しますか?</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>What waits is kept if you quit, and sent the next time you open this connection.</source>
        <translation>送信待ちの変更は終了しても保持され、次にこの接続を開いたときに送信されます。</translation>
    </message>
    <message>
        <source>%1 — last try: %2</source>
        <translation>%1 — 前回の試行: %2</translation>
    </message>
    <message>
        <source>Discard Changes</source>
        <translation>変更の破棄</translation>
    </message>
    <message>
        <source>Discarded changes are not sent, and the list shows what the server has again.</source>
        <translation>破棄した変更は送信されず、一覧には再びサーバー上の内容が表示されます。</translation>
    </message>
    <message>
        <source>&amp;Open Group</source>
        <translation>グループを開く(&amp;O)</translation>
    </message>
    <message>
        <source>Show the group of the selected name typed and not saved</source>
        <translation>選択した未保存の名前のグループを表示</translation>
    </message>
    <message>
        <source>Nothing waits to be sent.</source>
        <translation>送信待ちのものはありません。</translation>
    </message>
    <message>
        <source>No change waits to be sent. Names typed and not saved are listed: open their group to save them.</source>
        <translation>送信待ちの変更はありません。入力して未保存の名前が一覧にあります。グループを開いて保存してください。</translation>
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
        <translation>「%1」を作成</translation>
    </message>
    <message>
        <source>Rename “%1” to “%2”</source>
        <translation>「%1」の名前を「%2」に変更</translation>
    </message>
    <message>
        <source>Delete “%1”</source>
        <translation>「%1」を削除</translation>
    </message>
    <message>
        <source>Star “%1”</source>
        <translation>「%1」にスターを付ける</translation>
    </message>
    <message>
        <source>Remove the star from “%1”</source>
        <translation>「%1」のスターを外す</translation>
    </message>
    <message>
        <source>Remove “%1” from “%2”</source>
        <translation>「%1」を「%2」から外す</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>Waits for the changes before it</source>
        <translation>前の変更を待っています</translation>
    </message>
    <message>
        <source>Next to go</source>
        <translation>次に送信</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>変更</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Last try</source>
        <translation>前回の試行</translation>
    </message>
    <message>
        <source>Sent once it can no longer be undone</source>
        <translation>元に戻せなくなった時点で送信されます</translation>
    </message>
    <message>
        <source>Name “%1” typed for “%2”, not saved</source>
        <translation>「%2」に入力した名前「%1」(未保存)</translation>
    </message>
    <message>
        <source>Not sent: open the group to save it, or discard it</source>
        <translation>未送信: グループを開いて保存するか、破棄してください</translation>
    </message>
    <message>
        <source>Move “%1” from “%2” to “%3” (added; to leave “%2”)</source>
        <translation>「%1」を「%2」から「%3」へ移動 (追加済み。「%2」からはまだ外れていません)</translation>
    </message>
    <message>
        <source>Add “%1” to “%2”</source>
        <translation>「%1」を「%2」に追加</translation>
    </message>
    <message>
        <source>Move “%1” from “%2” to “%3”</source>
        <translation>「%1」を「%2」から「%3」へ移動</translation>
    </message>
</context>
<context>
    <name>Regions</name>
    <message>
        <source>The account id is missing.</source>
        <translation>アカウント ID がありません。</translation>
    </message>
    <message>
        <source>The API token is missing.</source>
        <translation>API トークンがありません。</translation>
    </message>
    <message>
        <source>The server address is not a valid URL.</source>
        <translation>サーバーのアドレスが有効な URL ではありません。</translation>
    </message>
    <message>
        <source>The server address must start with https:// (plain http is only allowed for this computer, such as the local sandbox).</source>
        <translation>サーバーのアドレスは https:// で始める必要があります (http を使えるのは、ローカルのサンドボックスなど、このコンピューター上のサーバーだけです)。</translation>
    </message>
    <message>
        <source>Europe (EU)</source>
        <translation>ヨーロッパ (EU)</translation>
    </message>
    <message>
        <source>United States (US)</source>
        <translation>アメリカ合衆国 (US)</translation>
    </message>
    <message>
        <source>Asia (AS)</source>
        <translation>アジア (AS)</translation>
    </message>
    <message>
        <source>South America (SA)</source>
        <translation>南アメリカ (SA)</translation>
    </message>
    <message>
        <source>Australia (AU)</source>
        <translation>オーストラリア (AU)</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>たった今</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n 分前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n 時間前</numerusform>
        </translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>昨日</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n 日前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n week(s) ago</source>
        <translation>
            <numerusform>%n 週間前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n month(s) ago</source>
        <translation>
            <numerusform>%n か月前</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
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
        <translation>接続の名前には、改行や文字の向きを反転させる文字など、表示されない文字は使えません (ここでは %1)。</translation>
    </message>
</context>
<context>
    <name>SelectionSummary</name>
    <message>
        <source>S&amp;tar All</source>
        <translation>すべてにスターを付ける(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Unstar All</source>
        <translation>すべてのスターを外す(&amp;U)</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) selected</source>
        <translation>
            <numerusform>%n 個のグループを選択中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Star the %n group(s) selected (Ctrl+D)</source>
        <translation>
            <numerusform>選択した %n 個のグループにスターを付ける (Ctrl+D)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the star of the %n group(s) selected</source>
        <translation>
            <numerusform>選択した %n 個のグループのスターを外す</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Group(s)…</source>
        <translation>
            <numerusform>%n 個のグループを削除(&amp;D)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the %n group(s) selected; their KPIs are kept (Del)</source>
        <translation>
            <numerusform>選択した %n 個のグループを削除します。KPI は残ります (Del)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Created “%1”.</source>
        <translation>「%1」を作成しました。</translation>
    </message>
    <message>
        <source>Deleted “%1”. Its KPIs are kept.</source>
        <translation>「%1」を削除しました。KPI はそのまま残ります。</translation>
    </message>
    <message>
        <source>“%1” is gone: someone else deleted it.</source>
        <translation>「%1」はなくなりました。他の誰かが削除しました。</translation>
    </message>
    <message>
        <source>Showing %1 of %2 groups: the rest could not be loaded. %3</source>
        <translation>%2 件中 %1 件のグループを表示しています。残りは読み込めませんでした。%3</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s) made before the app last closed…</source>
        <translation>
            <numerusform>前回アプリを閉じる前に行った %n 件の変更を送信しています…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s) made earlier on this connection…</source>
        <translation>
            <numerusform>この接続で以前に行った %n 件の変更を送信しています…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n groups. Their KPIs are kept.</source>
        <translation>
            <numerusform>%n 件のグループを削除しました。KPI はそのまま残ります。</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>「%1」</translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved name(s) kept from the last time.</source>
        <translation>
            <numerusform>前回から未保存の名前を %n 件保持しています。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved name(s) in %1.</source>
        <translation>
            <numerusform>%1 に未保存の名前が %n 件あります。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionMessages</name>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>The changes kept from the last time could not be read, so none of them was sent. The file was set aside as %1.</source>
        <translation>前回から保持していた変更を読み込めなかったため、どれも送信していません。ファイルは %1 として退避しました。</translation>
    </message>
    <message>
        <source>Some of the changes kept from the last time could not be read, and were not sent; the others are being sent. What could not be read was set aside as %1.</source>
        <translation>前回保存された変更の一部を読み取れなかったため、送信していません。その他の変更は送信中です。読み取れなかった内容は %1 として退避しました。</translation>
    </message>
    <message>
        <source>Changes are saved to disk again.</source>
        <translation>変更は再びディスクに保存されています。</translation>
    </message>
    <message>
        <source>Changes cannot be saved to disk: %1 They are kept while the app runs and sent when the server answers, but would be lost if it closed first. Free some space, or check the folder.</source>
        <translation>変更をディスクに保存できません: %1 アプリの実行中は保持され、サーバーが応答すると送信されますが、その前にアプリを閉じると失われます。空き容量を確保するか、フォルダーを確認してください。</translation>
    </message>
</context>
<context>
    <name>StatusArea</name>
    <message>
        <source>Demo: sample data, nothing leaves this computer</source>
        <translation>デモ: サンプルデータです。データがこのコンピューターの外に出ることはありません</translation>
    </message>
    <message>
        <source>Loading KPI groups…</source>
        <translation>KPI グループを読み込み中…</translation>
    </message>
    <message>
        <source>Loading %1 of %2 groups…</source>
        <translation>%2 グループ中 %1 を読み込み中…</translation>
    </message>
    <message>
        <source>Up to date at %1</source>
        <translation>%1 時点で最新</translation>
    </message>
    <message>
        <source>Showing %1 of %2 groups: the rest could not be loaded.</source>
        <translation>%2 件中 %1 件のグループを表示しています。残りは読み込めませんでした。</translation>
    </message>
    <message>
        <source>Showing the list from %1; updating…</source>
        <translation>%1 時点の一覧を表示中。更新しています…</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting on %1, whose server cannot be reached</source>
        <translation>
            <numerusform>%1 で %n 件の変更が送信待ち (サーバーに接続できません)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting on %1</source>
        <translation>
            <numerusform>%1 で %n 件の変更が送信待ち</numerusform>
        </translation>
    </message>
    <message>
        <source>Its server cannot be reached now: the app keeps trying, and sends them once it answers.</source>
        <translation>現在そのサーバーに接続できません。接続を試み続け、応答があり次第送信します。</translation>
    </message>
    <message>
        <source>Being sent in the background.</source>
        <translation>バックグラウンドで送信中です。</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not saved to disk</source>
        <translation>
            <numerusform>%n 件の変更がディスクに保存されていません</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n 件の変更が送信待ち</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved to disk: %1</source>
        <translation>ディスクに保存されていません: %1</translation>
    </message>
    <message>
        <source>Offline: the server cannot be reached. The app keeps trying.</source>
        <translation>オフライン: サーバーに接続できません。接続を試み続けています。</translation>
    </message>
    <message>
        <source>Offline: showing the list from %1</source>
        <translation>オフライン: %1 時点の一覧を表示中</translation>
    </message>
    <message>
        <source>The server cannot be reached. The app keeps trying, and sends what waits once it answers.</source>
        <translation>サーバーに接続できません。接続を試み続け、応答があり次第、送信待ちの変更を送信します。</translation>
    </message>
</context>
<context>
    <name>UndoRedo</name>
    <message>
        <source>Remove “%1” from “%2”</source>
        <translation>「%1」を「%2」から外す</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n KPIs from “%1”</source>
        <translation>
            <numerusform>%n 件の KPI を「%1」から外す</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename “%1” to “%2”</source>
        <translation>「%1」の名前を「%2」に変更</translation>
    </message>
    <message>
        <source>Star “%1”</source>
        <translation>「%1」にスターを付ける</translation>
    </message>
    <message>
        <source>Remove the Star from “%1”</source>
        <translation>「%1」のスターを外す</translation>
    </message>
    <message numerus="yes">
        <source>Star %n Groups</source>
        <translation>
            <numerusform>%n 件のグループにスターを付ける</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the Star from %n Groups</source>
        <translation>
            <numerusform>%n 件のグループのスターを外す</numerusform>
        </translation>
    </message>
    <message>
        <source>Undone: %1.</source>
        <translation>元に戻しました: %1。</translation>
    </message>
    <message>
        <source>Redone: %1.</source>
        <translation>やり直しました: %1。</translation>
    </message>
    <message>
        <source>%1: too late to undo, the removal has been sent.</source>
        <translation>%1: 取り消しには遅すぎます。削除はすでに送信されました。</translation>
    </message>
    <message>
        <source>%1: cannot be undone, the group is gone.</source>
        <translation>%1: グループがなくなったため、元に戻せません。</translation>
    </message>
    <message>
        <source>%1: show that group to do it again.</source>
        <translation>%1: もう一度行うには、そのグループを表示してください。</translation>
    </message>
    <message>
        <source>%1: cannot be redone, the group is gone.</source>
        <translation>%1: グループがなくなったため、やり直せません。</translation>
    </message>
    <message>
        <source>Add “%1” to “%2”</source>
        <translation>「%1」を「%2」に追加</translation>
    </message>
    <message numerus="yes">
        <source>Add %n KPIs to “%1”</source>
        <translation>
            <numerusform>%n 件の KPI を「%1」に追加</numerusform>
        </translation>
    </message>
    <message>
        <source>Move “%1” to “%2”</source>
        <translation>「%1」を「%2」へ移動</translation>
    </message>
    <message numerus="yes">
        <source>Move %n KPIs to “%1”</source>
        <translation>
            <numerusform>%n 件の KPI を「%1」へ移動</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: cannot be redone.</source>
        <translation>%1: やり直せません。</translation>
    </message>
    <message>
        <source>%1: cannot be undone.</source>
        <translation>%1: 元に戻せません。</translation>
    </message>
</context>
<context>
    <name>WebLinks</name>
    <message>
        <source>No link to Quantive&apos;s web app from this server&apos;s address: its path does not end in %1, and there is no telling where the web app is.</source>
        <translation>このサーバーのアドレスからは Quantive の Web アプリへのリンクを作れません。パスが %1 で終わっておらず、Web アプリの場所がわかりません。</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Connect…</source>
        <translation>接続(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Forget This Connection</source>
        <translation>この接続を削除(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>更新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Changes &amp;Not Sent Yet…</source>
        <translation>未送信の変更(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;New Group…</source>
        <translation>新しいグループ(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Delete Group…</source>
        <translation>グループを削除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Star</source>
        <translation>スターを付ける(&amp;S)</translation>
    </message>
    <message>
        <source>Copy Group &amp;Id</source>
        <translation>グループ ID をコピー(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>検索(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Favorites Only</source>
        <translation>お気に入りのみ(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reverse Order</source>
        <translation>逆順(&amp;R)</translation>
    </message>
    <message>
        <source>Sort by &amp;Name</source>
        <translation>名前で並べ替え(&amp;N)</translation>
    </message>
    <message>
        <source>Sort by Last &amp;Update</source>
        <translation>最終更新日時で並べ替え(&amp;U)</translation>
    </message>
    <message>
        <source>Sort by &amp;Creation</source>
        <translation>作成日時で並べ替え(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <source>Go to the &amp;Message</source>
        <translation>メッセージへ移動(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;About KPI Groups</source>
        <translation>KPI Groups について(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Switch Connection</source>
        <translation>接続を切り替え(&amp;S)</translation>
    </message>
    <message numerus="yes">
        <source>Remove &amp;Star from %n Groups</source>
        <translation>
            <numerusform>%n 件のグループのスターを外す(&amp;S)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Star %n Groups</source>
        <translation>
            <numerusform>%n 件のグループにスターを付ける(&amp;S)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Groups…</source>
        <translation>
            <numerusform>%n 件のグループを削除(&amp;D)…</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove &amp;Star</source>
        <translation>スターを外す(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>元に戻す: %1(&amp;U)</translation>
    </message>
    <message>
        <source> or </source>
        <translation> または </translation>
    </message>
    <message>
        <source>Delete the selected groups</source>
        <translation>選択したグループを削除</translation>
    </message>
    <message>
        <source>Remove the selected KPIs from the group</source>
        <translation>選択した KPI をグループから外す</translation>
    </message>
    <message>
        <source>Del in the list of KPIs</source>
        <translation>KPI 一覧で Del</translation>
    </message>
    <message>
        <source>Menu of the selected group or KPI</source>
        <translation>選択したグループまたは KPI のメニュー</translation>
    </message>
    <message>
        <source>Shift+F10 or the Menu key</source>
        <translation>Shift+F10 またはメニューキー</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>検索をクリア</translation>
    </message>
    <message>
        <source>Esc in the search field</source>
        <translation>検索欄で Esc</translation>
    </message>
    <message>
        <source>From the search to the groups</source>
        <translation>検索からグループ一覧へ</translation>
    </message>
    <message>
        <source>Down or Enter</source>
        <translation>↓ または Enter</translation>
    </message>
    <message>
        <source>Re&amp;load All Groups</source>
        <translation>すべてのグループを再読み込み(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Open in Quantive</source>
        <translation>Quantive で開く(&amp;O)</translation>
    </message>
    <message>
        <source>Copy &amp;Link</source>
        <translation>リンクをコピー(&amp;L)</translation>
    </message>
    <message>
        <source>Opens one group at a time: select only one.</source>
        <translation>一度に開けるグループは 1 つです。1 つだけ選択してください。</translation>
    </message>
    <message>
        <source>Open the group&apos;s page in Quantive&apos;s web app (%1)</source>
        <translation>Quantive の Web アプリでグループのページを開く (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Copy &amp;Links to %n Groups</source>
        <translation>
            <numerusform>%n 件のグループのリンクをコピー(&amp;L)</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy the address of the group&apos;s page in Quantive&apos;s web app (%1)</source>
        <translation>Quantive の Web アプリにあるグループのページのアドレスをコピー (%1)</translation>
    </message>
    <message>
        <source>Copy the names of the selected KPIs</source>
        <translation>選択した KPI の名前をコピー</translation>
    </message>
    <message>
        <source>%1 in the list of KPIs</source>
        <translation>KPI 一覧で %1</translation>
    </message>
    <message>
        <source>&amp;Export List…</source>
        <translation>一覧をエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Rena&amp;me Connection…</source>
        <translation>接続の名前を変更(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>やり直す(&amp;R)</translation>
    </message>
    <message>
        <source>Rena&amp;me</source>
        <translation>名前を変更(&amp;M)</translation>
    </message>
    <message>
        <source>Fa&amp;vorites First</source>
        <translation>お気に入りを先頭に(&amp;T)</translation>
    </message>
    <message>
        <source>About the &amp;Demo</source>
        <translation>デモについて(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>やり直す: %1(&amp;R)</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <source>Delete “%1”?</source>
        <translation>「%1」を削除しますか?</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n groups?</source>
        <translation>
            <numerusform>%n 件のグループを削除しますか?</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete KPI Group</source>
        <translation>KPI グループの削除</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>「%1」</translation>
    </message>
    <message>
        <source>Its KPIs are kept; they only leave this group. This cannot be undone.</source>
        <translation>KPI はそのまま残り、このグループから外れるだけです。この操作は元に戻せません。</translation>
    </message>
    <message>
        <source>Their KPIs are kept; they only leave these groups. This cannot be undone.</source>
        <translation>KPI はそのまま残り、これらのグループから外れるだけです。この操作は元に戻せません。</translation>
    </message>
    <message>
        <source>Delete Group</source>
        <translation>グループを削除</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Groups</source>
        <translation>
            <numerusform>%n 件のグループを削除</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>ほか %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes Not Sent</source>
        <translation>未送信の変更</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>%n 件の変更がまだサーバーに届いていません。</numerusform>
        </translation>
    </message>
    <message>
        <source>Send what waits the next time you open %1, wait here until its server has it, or discard it.</source>
        <translation>送信待ちの変更を、次に %1 を開いたときに送信するか、サーバーに届くまでここで待つか、破棄してください。</translation>
    </message>
    <message>
        <source>These changes could not be saved to disk (%1): they will be lost unless the server of %2 takes them before the app closes. Wait here until it has them, or discard them.</source>
        <translation>これらの変更はディスクに保存できませんでした (%1)。アプリを閉じる前に %2 のサーバーが受け取らなければ失われます。受け取られるまでここで待つか、破棄してください。</translation>
    </message>
    <message>
        <source>no place to keep them</source>
        <translation>保存場所がありません</translation>
    </message>
    <message>
        <source>&amp;Send at Next Start</source>
        <translation>次回起動時に送信(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Wait for the Server</source>
        <translation>サーバーを待つ(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Discard Them</source>
        <translation>破棄(&amp;D)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>Delete Groups</source>
        <translation>グループの削除</translation>
    </message>
    <message>
        <source>About KPI Groups</source>
        <translation>KPI Groups について</translation>
    </message>
    <message>
        <source>&lt;h3&gt;KPI Groups %1&lt;/h3&gt;&lt;p&gt;A calm, fast desktop client for the KPI groups of Quantive Results.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;KPI Groups %1&lt;/h3&gt;&lt;p&gt;Quantive Results の KPI グループを扱う、落ち着いた高速なデスクトップクライアントです。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>WindowTitle</name>
    <message>
        <source>Demo account</source>
        <translation>デモアカウント</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>KPI groups of Quantive Results, on the desktop.</source>
        <translation>Quantive Results の KPI グループをデスクトップで。</translation>
    </message>
    <message>
        <source>Run on a built-in sample account.</source>
        <translation>組み込みのサンプルアカウントで起動します。</translation>
    </message>
    <message>
        <source>Data centre: eu, us, as, sa or au.</source>
        <translation>データセンター: eu、us、as、sa、au のいずれか。</translation>
    </message>
    <message>
        <source>Any API base URL.</source>
        <translation>任意の API ベース URL。</translation>
    </message>
    <message>
        <source>Account id.</source>
        <translation>アカウント ID。</translation>
    </message>
    <message>
        <source>Save the window as a PNG once the list has loaded, then quit.</source>
        <translation>一覧の読み込み後にウィンドウを PNG として保存し、終了します。</translation>
    </message>
    <message>
        <source>unknown region &apos;%1&apos;: use eu, us, as, sa or au</source>
        <translation>不明なリージョン「%1」です。eu、us、as、sa、au のいずれかを指定してください</translation>
    </message>
    <message>
        <source>could not write %1</source>
        <translation>%1 に書き込めませんでした</translation>
    </message>
    <message>
        <source>the list did not load within a minute</source>
        <translation>1 分以内に一覧を読み込めませんでした</translation>
    </message>
</context>
</TS>
