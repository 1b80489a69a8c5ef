# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_resp_global_optspecs
    string join \n color= json q/quiet table= h/help V/version
end

function __fish_resp_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_resp_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_resp_using_subcommand
    set -l cmd (__fish_resp_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c resp -n "__fish_resp_needs_command" -l color -d 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c resp -n "__fish_resp_needs_command" -l table -d 'The API\'s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with \':\'] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter\'s API response codes)' -r -F
complete -c resp -n "__fish_resp_needs_command" -l json -d 'Print JSON for scripts instead of text for people'
complete -c resp -n "__fish_resp_needs_command" -s q -l quiet -d 'Print nothing on stdout: the exit code still says it (not with --json)'
complete -c resp -n "__fish_resp_needs_command" -s h -l help -d 'Print help'
complete -c resp -n "__fish_resp_needs_command" -s V -l version -d 'Print version'
complete -c resp -n "__fish_resp_needs_command" -f -a "explain" -d 'Explain status codes, classes or words without making a request'
complete -c resp -n "__fish_resp_needs_command" -f -a "read" -d 'Inspect saved responses: curl -i output, curl -v transcripts, HAR files, bare bodies'
complete -c resp -n "__fish_resp_needs_command" -f -a "send" -d 'Send a request and inspect the response, as `resp read` would inspect it saved'
complete -c resp -n "__fish_resp_needs_command" -f -a "run" -d 'Run the requests in .http / .rest files (JetBrains, VS Code REST Client, Visual Studio)'
complete -c resp -n "__fish_resp_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c resp -n "__fish_resp_needs_command" -f -a "man" -d 'Print a man page (roff): resp(1), or with COMMAND that command\'s (resp man send)'
complete -c resp -n "__fish_resp_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c resp -n "__fish_resp_using_subcommand explain" -l color -d 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c resp -n "__fish_resp_using_subcommand explain" -l table -d 'The API\'s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with \':\'] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter\'s API response codes)' -r -F
complete -c resp -n "__fish_resp_using_subcommand explain" -l all -d 'Also list the standard registry\'s codes, marked as not in the documented table'
complete -c resp -n "__fish_resp_using_subcommand explain" -l exit-status -d 'Exit with the code the status maps to (4 for 420), as a response with it would'
complete -c resp -n "__fish_resp_using_subcommand explain" -l json -d 'Print JSON for scripts instead of text for people'
complete -c resp -n "__fish_resp_using_subcommand explain" -s q -l quiet -d 'Print nothing on stdout: the exit code still says it (not with --json)'
complete -c resp -n "__fish_resp_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c resp -n "__fish_resp_using_subcommand read" -l color -d 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c resp -n "__fish_resp_using_subcommand read" -l format -d 'The input\'s format, instead of detecting it from the content' -r -f -a "http\t'A raw response: `curl -i`, `curl -D -`, `curl --raw`, a proxy\'s dump'
curl-verbose\t'A `curl -v` transcript (`< ` response lines, `> ` request lines)'
har\t'A HAR 1.2 file from browser dev tools'
body\t'A bare body with no status line (needs --status)'"
complete -c resp -n "__fish_resp_using_subcommand read" -l status -d 'The status of a bare body (`--format body`), as three digits; for a HAR file, the entries to list: codes and classes, comma-separated (`4xx,503`)' -r
complete -c resp -n "__fish_resp_using_subcommand read" -l entry -d 'Show HAR entry N (1-based) in full instead of the summary' -r
complete -c resp -n "__fish_resp_using_subcommand read" -l request -d 'The request a response answers, \'METHOD URL\' (or a URL: GET), for inputs that do not hold it (curl -i captures, bare bodies): matched to an OpenAPI operation' -r
complete -c resp -n "__fish_resp_using_subcommand read" -l url -d 'HAR: list only entries whose URL contains TEXT' -r
complete -c resp -n "__fish_resp_using_subcommand read" -l method -d 'HAR: list only entries sent with this method (any case)' -r
complete -c resp -n "__fish_resp_using_subcommand read" -l expect -d 'Exit 0 when the final status matches: codes and classes, comma-separated (`404`, `2xx,304`); otherwise the usual exit code' -r
complete -c resp -n "__fish_resp_using_subcommand read" -l body -d 'How much body to show: auto cuts long bodies, full shows all, none hides it' -r -f -a "auto\t''
full\t''
none\t''"
complete -c resp -n "__fish_resp_using_subcommand read" -s o -l output -d 'Write the response body to FILE (decoded, whole or not at all; with --save\'s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b' -r -F
complete -c resp -n "__fish_resp_using_subcommand read" -l table -d 'The API\'s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with \':\'] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter\'s API response codes)' -r -F
complete -c resp -n "__fish_resp_using_subcommand read" -l failing -d 'HAR: list only the failing entries (the exit code still weighs every entry)'
complete -c resp -n "__fish_resp_using_subcommand read" -l waterfall -d 'HAR: draw a waterfall (one bar per entry on the page\'s time axis, its phases coloured) instead of the table'
complete -c resp -n "__fish_resp_using_subcommand read" -l all -d 'HAR: list every entry, however many (on a terminal, past 200 entries only the failing ones are listed unless asked)'
complete -c resp -n "__fish_resp_using_subcommand read" -s v -l verbose -d 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body'
complete -c resp -n "__fish_resp_using_subcommand read" -s i -l include -d 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown'
complete -c resp -n "__fish_resp_using_subcommand read" -l strict -d 'Exit 10 when a status is not documented for the operation it answers (only its `default`, or nothing), a body does not fit its documented schema, or a request matches no operation, even if --expect accepts it; needs an OpenAPI description'
complete -c resp -n "__fish_resp_using_subcommand read" -l show-secrets -d 'Show credentials (Authorization, Cookie, API keys, URL passwords and tokens, and JSON body values under secret-looking keys) instead of masking them'
complete -c resp -n "__fish_resp_using_subcommand read" -s b -l body-only -d 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N'
complete -c resp -n "__fish_resp_using_subcommand read" -l force -d 'With -o or --save, replace FILE even when it is read-only for you (0444, or another user\'s), as `cp --force` would'
complete -c resp -n "__fish_resp_using_subcommand read" -l json -d 'Print JSON for scripts instead of text for people'
complete -c resp -n "__fish_resp_using_subcommand read" -s q -l quiet -d 'Print nothing on stdout: the exit code still says it (not with --json)'
complete -c resp -n "__fish_resp_using_subcommand read" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c resp -n "__fish_resp_using_subcommand send" -l color -d 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c resp -n "__fish_resp_using_subcommand send" -s X -l request -d 'The method [default: GET, or POST when a body is given]' -r
complete -c resp -n "__fish_resp_using_subcommand send" -s H -l header -d 'A request header, \'Name: value\' (repeatable)' -r
complete -c resp -n "__fish_resp_using_subcommand send" -s d -l data -d 'The request body: DATA, @FILE, or @- for stdin' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l json-body -d 'A JSON body (DATA, @FILE or @-); sets Content-Type and Accept to application/json' -r
complete -c resp -n "__fish_resp_using_subcommand send" -s u -l user -d 'Basic authentication, USER:PASSWORD; USER alone asks for the password on the terminal (without one, a usage error)' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l bearer -d 'Bearer token authentication (Authorization: Bearer TOKEN)' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l timeout -d 'Time limit in seconds for each exchange, redirects included [default: none]; `--timeout 0` also turns off the default limits below unless they are given (exit 8)' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l connect-timeout -d 'Time limit in seconds for connecting: DNS, TCP and TLS [default: 10]; 0: none (exit 8)' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l response-timeout -d 'Time limit in seconds from the request sent to the whole response head received [default: 30]; 0: none (exit 8)' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l idle-timeout -d 'The longest wait in seconds for progress while sending the request or receiving the body: a slow download that keeps moving finishes [default: 30]; 0: none (exit 8)' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l cacert -d 'Trust the certificate authorities in FILE (PEM) instead of the built-in roots, for a private CA [env: SSL_CERT_FILE, SSL_CERT_DIR, used when --cacert is not given]' -r -F
complete -c resp -n "__fish_resp_using_subcommand send" -l cert -d 'A client certificate (PEM, its chain after it) for mutual TLS; its private key is --key, or in FILE too' -r -F
complete -c resp -n "__fish_resp_using_subcommand send" -l key -d 'The private key (PEM: PKCS#8, PKCS#1 or SEC1) of --cert' -r -F
complete -c resp -n "__fish_resp_using_subcommand send" -l unix-socket -d 'Connect to this Unix domain socket instead of the URL\'s host and port (the Docker Engine API: /var/run/docker.sock); the URL still gives the path and the Host header' -r -F
complete -c resp -n "__fish_resp_using_subcommand send" -l max-redirects -d 'With -L, the most redirects followed; past it, exit 6' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l max-body -d 'The most body bytes read into memory (K, M, G suffixes; 0: no limit); past it, the rest is skipped and the status still judged. Not a limit on -o, which streams to disk' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l save -d 'Save the response as raw HTTP that `resp read` reads: every head of the chain as received, then the body, the request it answers noted in a `Resp-Request: METHOD URL` header (written atomically; see README for permissions and links); `--save -` writes it to stdout, and the card to stderr' -r -F
complete -c resp -n "__fish_resp_using_subcommand send" -l retry -d 'Send again up to N times when the outcome is worth it: 408, 425, 429, 500, 502, 503, 504, a status the documented table calls rate limiting (420), a failed connection (exit 7; not TLS) or a timeout (exit 8). Waits as long as the server asks (Retry-After, RateLimit, X-RateLimit-Reset), else 1 s, 2 s, 4 s… (also when it says "now"), never under 0.1 s. The last outcome decides the exit code' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l retry-on -d 'With --retry, what is retried instead of the default: codes, classes, `connect`, `timeout`, comma-separated (`503,5xx,connect`)' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l retry-max-wait -d 'The longest wait in seconds before another attempt [default: 60]: a server that asks for longer is not waited for (the exit code is its outcome\'s); 0: no limit' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l retry-max-time -d 'Time limit in seconds for all attempts and waits: no attempt or wait starts that would end past it [default: none]' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l until -d 'Send again until the status matches: codes and classes, comma-separated (`2xx`, `200,404`). Exit 0 when it does, 8 when --retry-max-time runs out, else the last outcome\'s code (1 for a success that did not match); --retry N limits the attempts' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l interval -d 'The wait in seconds between attempts when the server gives no hint or says "now" [default: 1 with --until; with --retry alone, backoff]; never under 0.1 s' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l expect -d 'Exit 0 when the final status matches: codes and classes, comma-separated (`404`, `2xx,304`); otherwise the usual exit code' -r
complete -c resp -n "__fish_resp_using_subcommand send" -l body -d 'How much body to show: auto cuts long bodies, full shows all, none hides it' -r -f -a "auto\t''
full\t''
none\t''"
complete -c resp -n "__fish_resp_using_subcommand send" -s o -l output -d 'Write the response body to FILE (decoded, whole or not at all; with --save\'s rules for permissions and links) and show the verdict; progress is shown on a terminal. `send` streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b' -r -F
complete -c resp -n "__fish_resp_using_subcommand send" -l table -d 'The API\'s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with \':\'] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter\'s API response codes)' -r -F
complete -c resp -n "__fish_resp_using_subcommand send" -s k -l insecure -d 'Skip TLS certificate verification'
complete -c resp -n "__fish_resp_using_subcommand send" -l http1.1 -d 'Speak HTTP/1.1 only (by default, over TLS, resp offers h2 and http/1.1 by ALPN and speaks what the server picks)'
complete -c resp -n "__fish_resp_using_subcommand send" -l http2 -d 'Insist on HTTP/2 over TLS: a server that does not offer h2 is a failure (exit 7)'
complete -c resp -n "__fish_resp_using_subcommand send" -l http2-prior-knowledge -d 'Speak HTTP/2 without asking first: h2c to a plain-text http:// server (h2 over TLS for https://)'
complete -c resp -n "__fish_resp_using_subcommand send" -s f -l fail -d 'With -b or -o, write no body for a status that is neither a success nor --expect\'ed, as curl -f: the exit code says why, and a pipe (| jq) gets nothing'
complete -c resp -n "__fish_resp_using_subcommand send" -s L -l follow -d 'Follow redirects, showing every hop (without it a 3xx is the answer: exit 3)'
complete -c resp -n "__fish_resp_using_subcommand send" -l timing -d 'Show how long each phase took (DNS, connect, TLS, request, wait, body) as a picture, for the response and each redirect hop; -v shows it too'
complete -c resp -n "__fish_resp_using_subcommand send" -l allow-downgrade -d 'With -L, follow a redirect from https to plain http even when credentials were given (they are never sent to another origin)'
complete -c resp -n "__fish_resp_using_subcommand send" -l retry-all-methods -d 'Also send again methods that are not idempotent (POST, PATCH) once the request reached the server; without it they are retried only when it never did (refused, DNS)'
complete -c resp -n "__fish_resp_using_subcommand send" -s v -l verbose -d 'Also show every header, which docs judged the response and why, and the request where the input has it (for `send`: as it went out, with the start of its body, the connection and the timing); -v -v shows the whole request body'
complete -c resp -n "__fish_resp_using_subcommand send" -s i -l include -d 'Also show every response header, without the request (curl -i, xh --print h); -v shows the request too. For a HEAD request the headers are the answer: always shown'
complete -c resp -n "__fish_resp_using_subcommand send" -l strict -d 'Exit 10 when a status is not documented for the operation it answers (only its `default`, or nothing), a body does not fit its documented schema, or a request matches no operation, even if --expect accepts it; needs an OpenAPI description'
complete -c resp -n "__fish_resp_using_subcommand send" -l show-secrets -d 'Show credentials (Authorization, Cookie, API keys, URL passwords and tokens, and JSON body values under secret-looking keys) instead of masking them'
complete -c resp -n "__fish_resp_using_subcommand send" -s b -l body-only -d 'Write only the response body to stdout, exactly as received (decoded from gzip, deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict goes to stderr when it is an error. On a terminal, control characters are shown escaped and a binary body is not written. A HAR needs --entry N'
complete -c resp -n "__fish_resp_using_subcommand send" -l force -d 'With -o or --save, replace FILE even when it is read-only for you (0444, or another user\'s), as `cp --force` would'
complete -c resp -n "__fish_resp_using_subcommand send" -l json -d 'Print JSON for scripts instead of text for people'
complete -c resp -n "__fish_resp_using_subcommand send" -s q -l quiet -d 'Print nothing on stdout: the exit code still says it (not with --json)'
complete -c resp -n "__fish_resp_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c resp -n "__fish_resp_using_subcommand run" -l color -d 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c resp -n "__fish_resp_using_subcommand run" -l env -d 'The environment to use from http-client.env.json (and http-client.private.env.json) beside each file, or in the closest folder above it' -r
complete -c resp -n "__fish_resp_using_subcommand run" -s j -l jobs -d 'The most requests in flight at once (1-64); requests another uses wait for it' -r
complete -c resp -n "__fish_resp_using_subcommand run" -l expect -d 'A request passes when its final status matches: codes and classes, comma-separated (`2xx,304`); a request\'s own \'# @expect\' wins over it' -r
complete -c resp -n "__fish_resp_using_subcommand run" -l report -d 'A report for CI, KIND[:FILE] (repeatable): `junit` (JUnit XML, as GitLab and Jenkins read it; default file resp-junit.xml), `tap` (TAP version 13; default resp.tap), `github` (`::error` annotations; default stdout, after the table; a Markdown table is also appended to $GITHUB_STEP_SUMMARY when it is set). FILE `-` is stdout, where a junit or tap report takes the place of the table; one report at most on stdout, and none beside --json' -r
complete -c resp -n "__fish_resp_using_subcommand run" -l timeout -d 'Time limit in seconds for each exchange, redirects included [default: none]; `--timeout 0` also turns off the default limits below unless they are given (exit 8)' -r
complete -c resp -n "__fish_resp_using_subcommand run" -l connect-timeout -d 'Time limit in seconds for connecting: DNS, TCP and TLS [default: 10]; 0: none (exit 8)' -r
complete -c resp -n "__fish_resp_using_subcommand run" -l response-timeout -d 'Time limit in seconds from the request sent to the whole response head received [default: 30]; 0: none (exit 8)' -r
complete -c resp -n "__fish_resp_using_subcommand run" -l idle-timeout -d 'The longest wait in seconds for progress while sending the request or receiving the body: a slow download that keeps moving finishes [default: 30]; 0: none (exit 8)' -r
complete -c resp -n "__fish_resp_using_subcommand run" -l max-redirects -d 'With -L, the most redirects followed; past it, exit 6' -r
complete -c resp -n "__fish_resp_using_subcommand run" -l cacert -d 'Trust the certificate authorities in FILE (PEM) instead of the built-in roots, for a private CA [env: SSL_CERT_FILE, SSL_CERT_DIR, used when --cacert is not given]' -r -F
complete -c resp -n "__fish_resp_using_subcommand run" -l cert -d 'A client certificate (PEM, its chain after it) for mutual TLS; its private key is --key, or in FILE too' -r -F
complete -c resp -n "__fish_resp_using_subcommand run" -l key -d 'The private key (PEM: PKCS#8, PKCS#1 or SEC1) of --cert' -r -F
complete -c resp -n "__fish_resp_using_subcommand run" -l table -d 'The API\'s documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged by those whose servers name its host, asked in order); `standard`: the IANA registry alone [env: RESP_TABLE, several joined with \':\'] (default: the [[api]] entries of .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table, Twitter\'s API response codes)' -r -F
complete -c resp -n "__fish_resp_using_subcommand run" -l bail -d 'Stop starting requests after the first failure (those left are not run)'
complete -c resp -n "__fish_resp_using_subcommand run" -l failing -d 'List only the failing requests (and with -v, show only their exchanges)'
complete -c resp -n "__fish_resp_using_subcommand run" -l strict -d 'Exit 10 when a status is not documented for the operation it answers, a body does not fit its documented schema, or a request matches no operation; needs an OpenAPI description (--table)'
complete -c resp -n "__fish_resp_using_subcommand run" -s v -l verbose -d 'Show each exchange in full as `resp send -v` does, then the table'
complete -c resp -n "__fish_resp_using_subcommand run" -l show-secrets -d 'Show credentials instead of masking them'
complete -c resp -n "__fish_resp_using_subcommand run" -s L -l follow -d 'Follow redirects (without it a 3xx is the answer)'
complete -c resp -n "__fish_resp_using_subcommand run" -s k -l insecure -d 'Skip TLS certificate verification'
complete -c resp -n "__fish_resp_using_subcommand run" -l http1.1 -d 'Speak HTTP/1.1 only (by default, over TLS, resp offers h2 and http/1.1 by ALPN and speaks what the server picks)'
complete -c resp -n "__fish_resp_using_subcommand run" -l http2 -d 'Insist on HTTP/2 over TLS: a server that does not offer h2 is a failure (exit 7)'
complete -c resp -n "__fish_resp_using_subcommand run" -l http2-prior-knowledge -d 'Speak HTTP/2 without asking first: h2c to a plain-text http:// server (h2 over TLS for https://)'
complete -c resp -n "__fish_resp_using_subcommand run" -l json -d 'Print JSON for scripts instead of text for people'
complete -c resp -n "__fish_resp_using_subcommand run" -s q -l quiet -d 'Print nothing on stdout: the exit code still says it (not with --json)'
complete -c resp -n "__fish_resp_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c resp -n "__fish_resp_using_subcommand completions" -l color -d 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c resp -n "__fish_resp_using_subcommand completions" -s h -l help -d 'Print help'
complete -c resp -n "__fish_resp_using_subcommand man" -l color -d 'When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb (CLICOLOR_FORCE forces it)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c resp -n "__fish_resp_using_subcommand man" -s h -l help -d 'Print help'
complete -c resp -n "__fish_resp_using_subcommand help; and not __fish_seen_subcommand_from explain read send run completions man help" -f -a "explain" -d 'Explain status codes, classes or words without making a request'
complete -c resp -n "__fish_resp_using_subcommand help; and not __fish_seen_subcommand_from explain read send run completions man help" -f -a "read" -d 'Inspect saved responses: curl -i output, curl -v transcripts, HAR files, bare bodies'
complete -c resp -n "__fish_resp_using_subcommand help; and not __fish_seen_subcommand_from explain read send run completions man help" -f -a "send" -d 'Send a request and inspect the response, as `resp read` would inspect it saved'
complete -c resp -n "__fish_resp_using_subcommand help; and not __fish_seen_subcommand_from explain read send run completions man help" -f -a "run" -d 'Run the requests in .http / .rest files (JetBrains, VS Code REST Client, Visual Studio)'
complete -c resp -n "__fish_resp_using_subcommand help; and not __fish_seen_subcommand_from explain read send run completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c resp -n "__fish_resp_using_subcommand help; and not __fish_seen_subcommand_from explain read send run completions man help" -f -a "man" -d 'Print a man page (roff): resp(1), or with COMMAND that command\'s (resp man send)'
complete -c resp -n "__fish_resp_using_subcommand help; and not __fish_seen_subcommand_from explain read send run completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
