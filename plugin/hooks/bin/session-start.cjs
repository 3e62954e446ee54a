// Built by bin/build/build.ts from hooks/entry; do not edit.
"use strict";var nn=require("node:fs");var J,tn={lang:void 0,message:void 0,abortEarly:void 0,abortPipeEarly:void 0};function de(e){return!e&&!J?tn:{lang:e?.lang??J?.lang,message:e?.message,abortEarly:e?.abortEarly??J?.abortEarly,abortPipeEarly:e?.abortPipeEarly??J?.abortPipeEarly}}var rn;function sn(e){return rn?.get(e)}var on;function un(e){return on?.get(e)}var ln;function an(e,t){return ln?.get(e)?.get(t)}function F(e){let t=typeof e;return t==="string"?`"${e}"`:t==="number"||t==="bigint"||t==="boolean"?`${e}`:t==="object"||t==="function"?(e&&Object.getPrototypeOf(e)?.constructor?.name)??"null":t}function x(e,t,n,r,s){let i=s&&"input"in s?s.input:n.value,u=s?.expected??e.expects??null,p=s?.received??F(i),a={kind:e.kind,type:e.type,input:i,expected:u,received:p,message:`Invalid ${t}: ${u?`Expected ${u} but r`:"R"}eceived ${p}`,requirement:e.requirement,path:s?.path,issues:s?.issues,lang:r.lang,abortEarly:r.abortEarly,abortPipeEarly:r.abortPipeEarly},y=e.kind==="schema",f=s?.message??e.message??an(e.reference,a.lang)??(y?un(a.lang):null)??r.message??sn(a.lang);f!==void 0&&(a.message=typeof f=="function"?f(a):f),y&&(n.typed=!1),n.issues?n.issues.push(a):n.issues=[a]}function cn(e,t){return e===t||Number.isNaN(e)&&Number.isNaN(t)}function ve(e,t){return Object.prototype.hasOwnProperty.call(e,t)&&t!=="__proto__"&&t!=="prototype"&&t!=="constructor"}function ge(e,t){let n=[...new Set(e)];return n.length>1?`(${n.join(` ${t} `)})`:n[0]??"never"}function O(e){return e["~standard"]={version:1,vendor:"valibot",validate:t=>e["~run"]({value:t},de())},e}function Z(e){if(e.path){let t="";for(let n of e.path)if(typeof n.key=="string"||typeof n.key=="number")t?t+=`.${n.key}`:t+=n.key;else return null;return t}return null}var ot=new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$","u");function R(e){return{kind:"metadata",type:"description",reference:R,description:e}}function B(e){return{kind:"validation",type:"integer",reference:B,async:!1,expects:null,requirement:Number.isInteger,message:e,"~run"(t,n){return t.typed&&!this.requirement(t.value)&&x(this,"integer",t,n),t}}}function q(e,t){return{kind:"validation",type:"max_length",reference:q,async:!1,expects:`<=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length>this.requirement&&x(this,"length",n,r,{received:`${n.value.length}`}),n}}}function Y(e,t){return{kind:"validation",type:"max_value",reference:Y,async:!1,expects:`<=${e instanceof Date?e.toJSON():F(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value<=this.requirement)&&x(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():F(n.value)}),n}}}function C(e,t){return{kind:"validation",type:"min_length",reference:C,async:!1,expects:`>=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length<this.requirement&&x(this,"length",n,r,{received:`${n.value.length}`}),n}}}function X(e,t){return{kind:"validation",type:"min_value",reference:X,async:!1,expects:`>=${e instanceof Date?e.toJSON():F(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value>=this.requirement)&&x(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():F(n.value)}),n}}}function w(e,t){return{kind:"validation",type:"regex",reference:w,async:!1,expects:`${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!this.requirement.test(n.value)&&x(this,"format",n,r),n}}}var pn={abortEarly:!0};function se(e,t,n){return typeof e.fallback=="function"?e.fallback(t,n):e.fallback}function Q(e,t,n){return typeof e.default=="function"?e.default(t,n):e.default}function m(e,t){return O({kind:"schema",type:"array",reference:m,expects:"Array",async:!1,item:e,message:t,"~run"(n,r){let s=n.value;if(Array.isArray(s)){n.typed=!0,n.value=[];for(let i=0;i<s.length;i++){let u=s[i],p=this.item["~run"]({value:u},r);if(p.issues){let a={type:"array",origin:"value",input:s,key:i,value:u};for(let y of p.issues)y.path?y.path.unshift(a):y.path=[a],n.issues?.push(y);if(n.issues||(n.issues=p.issues),r.abortEarly){n.typed=!1;break}}p.typed||(n.typed=!1),n.value.push(p.value)}}else x(this,"type",n,r);return n}})}function A(e){return O({kind:"schema",type:"boolean",reference:A,expects:"boolean",async:!1,message:e,"~run"(t,n){return typeof t.value=="boolean"?t.typed=!0:x(this,"type",t,n),t}})}function T(e,t){return O({kind:"schema",type:"literal",reference:T,expects:F(e),async:!1,literal:e,message:t,"~run"(n,r){return cn(n.value,this.literal)?n.typed=!0:x(this,"type",n,r),n}})}function D(e,t){return O({kind:"schema",type:"loose_object",reference:D,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let u=this.entries[i];if(i in s||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=i in s?s[i]:Q(u),a=u["~run"]({value:p},r);if(a.issues){let y={type:"object",origin:"value",input:s,key:i,value:p};for(let f of a.issues)f.path?f.path.unshift(y):f.path=[y],n.issues?.push(f);if(n.issues||(n.issues=a.issues),r.abortEarly){n.typed=!1;break}}a.typed||(n.typed=!1),n.value[i]=a.value}else if(u.fallback!==void 0)n.value[i]=se(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(x(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly)for(let i in s)ve(s,i)&&!Object.prototype.hasOwnProperty.call(this.entries,i)&&(n.value[i]=s[i])}else x(this,"type",n,r);return n}})}function I(e){return O({kind:"schema",type:"number",reference:I,expects:"number",async:!1,message:e,"~run"(t,n){return typeof t.value=="number"&&!isNaN(t.value)?t.typed=!0:x(this,"type",t,n),t}})}function L(e,t){return O({kind:"schema",type:"object",reference:L,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let u=this.entries[i];if(i in s||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=i in s?s[i]:Q(u),a=u["~run"]({value:p},r);if(a.issues){let y={type:"object",origin:"value",input:s,key:i,value:p};for(let f of a.issues)f.path?f.path.unshift(y):f.path=[y],n.issues?.push(f);if(n.issues||(n.issues=a.issues),r.abortEarly){n.typed=!1;break}}a.typed||(n.typed=!1),n.value[i]=a.value}else if(u.fallback!==void 0)n.value[i]=se(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(x(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}}else x(this,"type",n,r);return n}})}function o(e,t){return O({kind:"schema",type:"optional",reference:o,expects:`(${e.expects} | undefined)`,async:!1,wrapped:e,default:t,"~run"(n,r){return n.value===void 0&&(this.default!==void 0&&(n.value=Q(this,n,r)),n.value===void 0)?(n.typed=!0,n):this.wrapped["~run"](n,r)}})}function ie(e,t){return O({kind:"schema",type:"picklist",reference:ie,expects:ge(e.map(F),"|"),async:!1,options:e,message:t,"~run"(n,r){return this.options.includes(n.value)?n.typed=!0:x(this,"type",n,r),n}})}function W(e,t,n){return O({kind:"schema",type:"record",reference:W,expects:"Object",async:!1,key:e,value:t,message:n,"~run"(r,s){let i=r.value;if(i&&typeof i=="object"){r.typed=!0,r.value={};for(let u in i)if(ve(i,u)){let p=i[u],a=this.key["~run"]({value:u},s);if(a.issues){let f={type:"object",origin:"key",input:i,key:u,value:p};for(let _ of a.issues)_.path=[f],r.issues?.push(_);if(r.issues||(r.issues=a.issues),s.abortEarly){r.typed=!1;break}}let y=this.value["~run"]({value:p},s);if(y.issues){let f={type:"object",origin:"value",input:i,key:u,value:p};for(let _ of y.issues)_.path?_.path.unshift(f):_.path=[f],r.issues?.push(_);if(r.issues||(r.issues=y.issues),s.abortEarly){r.typed=!1;break}}(!a.typed||!y.typed)&&(r.typed=!1),a.typed&&(r.value[a.value]=y.value)}}else x(this,"type",r,s);return r}})}function k(e,t){return O({kind:"schema",type:"strict_object",reference:k,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let u=this.entries[i];if(i in s||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=i in s?s[i]:Q(u),a=u["~run"]({value:p},r);if(a.issues){let y={type:"object",origin:"value",input:s,key:i,value:p};for(let f of a.issues)f.path?f.path.unshift(y):f.path=[y],n.issues?.push(f);if(n.issues||(n.issues=a.issues),r.abortEarly){n.typed=!1;break}}a.typed||(n.typed=!1),n.value[i]=a.value}else if(u.fallback!==void 0)n.value[i]=se(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(x(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly){for(let i in s)if(!Object.prototype.hasOwnProperty.call(this.entries,i)){x(this,"key",n,r,{input:i,expected:"never",path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]});break}}}else x(this,"type",n,r);return n}})}function l(e){return O({kind:"schema",type:"string",reference:l,expects:"string",async:!1,message:e,"~run"(t,n){return typeof t.value=="string"?t.typed=!0:x(this,"type",t,n),t}})}function U(){return O({kind:"schema",type:"unknown",reference:U,expects:"unknown",async:!1,"~run"(e){return e.typed=!0,e}})}function oe(e,t,n){return O({kind:"schema",type:"variant",reference:oe,expects:"Object",async:!1,key:e,options:t,message:n,"~run"(r,s){let i=r.value;if(i&&typeof i=="object"){let u,p=0,a=this.key,y=[],f=(_,M)=>{for(let S of _.options){if(S.type==="variant")f(S,new Set(M).add(S.key));else{let K=!0,j=0;for(let v of M){let $=S.entries[v];if(v in i?$["~run"]({typed:!1,value:i[v]},pn).issues:$.type!=="exact_optional"&&$.type!=="optional"&&$.type!=="nullish"){K=!1,a!==v&&(p<j||p===j&&v in i&&!(a in i))&&(p=j,a=v,y=[]),a===v&&y.push(S.entries[v].expects);break}j++}if(K){let v=S["~run"]({value:i},s);(!u||!u.typed&&v.typed)&&(u=v)}}if(u&&!u.issues)break}};if(f(this,new Set([this.key])),u)return u;x(this,"type",r,s,{input:i[a],expected:ge(y,"|"),path:[{type:"object",origin:"value",input:i,key:a,value:i[a]}]})}else x(this,"type",r,s);return r}})}function h(...e){return O({...e[0],pipe:e,"~run"(t,n){for(let r of e)if(r.kind!=="metadata"){if(t.issues&&(r.kind==="schema"||r.kind==="transformation")){t.typed=!1;break}(!t.issues||!n.abortEarly&&!n.abortPipeEarly)&&(t=r["~run"](t,n))}return t}})}function ee(e,t,n){let r=e["~run"]({value:t},de(n));return{typed:r.typed,success:!r.issues,output:r.value,issues:r.issues}}var G={session_id:o(l()),transcript_path:o(l()),cwd:o(l()),permission_mode:o(l()),prompt_id:o(l()),agent_id:o(l()),agent_type:o(l())},ut=D({command:l(),description:o(l()),timeout:o(I()),run_in_background:o(A())}),lt=D({stdout:o(l()),stderr:o(l()),interrupted:o(A()),returnCodeInterpretation:o(l()),backgroundTaskId:o(l()),timedOutAfterMs:o(I()),persistedOutputPath:o(l()),persistedOutputSize:o(I())}),fn=D({...G,hook_event_name:T("PreToolUse"),tool_name:l(),tool_input:W(l(),U()),tool_use_id:o(l())}),yn=D({...G,hook_event_name:T("PostToolUse"),tool_name:l(),tool_input:W(l(),U()),tool_response:U(),tool_use_id:o(l()),duration_ms:o(I())}),mn=D({...G,hook_event_name:T("PostToolUseFailure"),tool_name:l(),tool_input:W(l(),U()),tool_use_id:o(l()),error:l(),is_interrupt:o(A()),duration_ms:o(I())}),hn=D({...G,hook_event_name:T("UserPromptExpansion"),expansion_type:o(l()),command_name:o(l()),command_args:o(l()),command_source:o(l()),prompt:o(l())}),ue=D({...G,hook_event_name:T("SessionStart"),source:o(l())}),at=D({...G,hook_event_name:T("Stop"),stop_hook_active:o(A()),last_assistant_message:o(l())}),ct=oe("hook_event_name",[fn,yn,mn,hn,ue]);async function xe(e=process.stdin){let t=[];for await(let n of e)t.push(typeof n=="string"?Buffer.from(n):n);return Buffer.concat(t).toString("utf8")}function ke(e,t){let n=e.trim();if(n==="")return{ok:!1,problem:"empty stdin"};let r;try{r=JSON.parse(n)}catch(i){return{ok:!1,problem:`stdin is not JSON (${i.message})`}}let s=ee(t,r);if(!s.success){let i=s.issues[0],u=i?Z(i):null;return{ok:!1,problem:`unexpected hook input${u?` at ${u}`:""}: ${i?.message??"?"}`}}return{ok:!0,value:s.output}}function be(e){e&&process.stdout.write(`${JSON.stringify(e)}
`)}function ne(e,t){process.stderr.write(`run-tests-skill ${e}: ${t}
`)}var yt=L({hookSpecificOutput:L({hookEventName:T("PreToolUse"),permissionDecision:T("deny"),permissionDecisionReason:l()})}),mt=L({hookSpecificOutput:L({hookEventName:ie(["PostToolUse","PostToolUseFailure","SessionStart","UserPromptExpansion","UserPromptSubmit"]),additionalContext:l()})}),ht=L({decision:T("block"),reason:l()}),Ee=8e3;function dn(e){return e.length<=Ee?e:`${e.slice(0,Ee-20)}
\u2026 (shortened)`}function _e(e,t){return{hookSpecificOutput:{hookEventName:e,additionalContext:dn(t)}}}var Ce=require("node:fs");var le="python";var vn="{{python}}",vt=`${vn} -m pytest`;var te=`${le} -m pytest`;var we=/^[a-z0-9]+(-[a-z0-9]+)*$/;var gn=["name","description","license","compatibility","metadata","allowed-tools"],xt=[...gn,"when_to_use","argument-hint","arguments","disable-model-invocation","user-invocable","disallowed-tools","model","effort","context","agent","background","hooks","paths","shell","version"];var xn=h(l(),w(/^(?!(PATH|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|LD_\w*|DYLD_\w*|PYTHON\w*|GIT_\w*|PYTEST_\w*)=)[A-Za-z_]\w*=\S*$/,"must be NAME=VALUE without spaces (e.g. CI=true, UV_PROJECT_ENVIRONMENT=py*), and not a variable that changes what runs (PATH, LD_*, PYTHON*, GIT_*, PYTEST_*)")),c=h(l(),w(/\S/,"must not be empty")),N=h(l(),w(/^[^\n]*\S[^\n]*$/,"must be a command on one line")),Pe=e=>h(m(N,`expected a list of ${e}`),C(1,`needs at least one ${e}`)),Ae=h(l(),w(/^--?[A-Za-z0-9][\w-]*$/,"must look like --name or -x (no value, no =)")),kn=k({flag:h(c,R("The flag as it is added, e.g. --tb=short.")),why:c,dropped_by:o(h(m(c),R('User flags that replace this default (prefix match: "--tb" drops "--tb=short").')),[]),omit_when:o(c)}),Te=k({flag:Ae,aliases:o(m(Ae),[]),purpose:c,value_name:o(h(l(),w(/^[\w-]+$/,"must be a word such as level or key"),R("Shown as <name>."))),values:o(h(m(c),C(1,"needs at least one value when given"))),default:o(c),max_values:o(h(I(),B(),X(1))),requires:o(m(c),[]),note:o(c)}),bn=k({args:l(),means:c,command:o(N)}),En=k({title:c,why:c,when:o(c),run:Pe("command"),on_failure:c,fix:o(m(N),[])}),_n=k({title:c,why:o(c),run:Pe("command"),background:o(A(),!1)}),wn=k({test:h(l(),w(/^[^\s*?]+$/,"must be a pytest node id or its prefix (no spaces or glob characters)")),why:c}),Sn=k({local_network:o(A(),!0),unix_sockets:o(A(),!0),write:o(m(h(l(),w(/^(\/|~\/)[^\n]*$/,"must be an absolute path or start with ~/"))),["/tmp"]),incompatible:o(m(wn),[])}),On=k({rules:o(m(c),[]),commands:o(m(N),[])}),Rn=k({path:c,note:c}),An=k({changed:h(m(c),C(1,"needs at least one changed path")),tests:h(m(c),C(1,"needs at least one test path")),note:o(c)}),Tn=k({path:h(l(),w(/^(?!\/)(?!\.\.?\/)\S+\.py$/,"must be a repo-relative .py path such as tests/test_x.py")),name:h(l(),w(/^[\w:]+$/,"must be a test name without [params]")),params:o(h(m(c),C(1,"list at least one parametrisation, or leave params out"))),example_params:o(m(c),[]),signatures:h(m(c,"a known-flaky entry needs `signatures`, a list of crash signatures (e.g. trio.TooSlowError); without one any failure would be excused"),C(1,"a known-flaky entry needs at least one failure signature; without one any failure would be excused"),R("Crash signatures that make a failure of this test known-flaky (e.g. trio.TooSlowError); at least one, since without one any failure would be excused")),note:c}),In=k({stale_server:o(c),capture_pipe:o(c),import_error:o(c)}),Pn=h(l(),w(/^[a-z][a-z0-9-]*(?: [^\s-][^\s]*)*$/,"must be a git subcommand and optionally its next words, such as stash or stash pop")),Dn=k({allow:o(h(m(Pn),R("Git forms the maintainers allow the agent to run in this repo (default none): `stash` allows every `git stash ...`, `stash pop` only `git stash pop ...`. The guard denies every other git mutation; doctor lists these.")),[]),enforce:o(h(A(),R("true (default): the guard refuses git mutations (commit, merge, fetch, stash, ...) in every turn, not only in /run-tests turns. false: outside /run-tests turns the guard lets git mutations run in this repository; in a /run-tests turn the skill's allowed-tools and the rule still apply. doctor shows the state.")),!0)}),Ie=6e5,Cn=k({suite_ms:h(I(),B(),X(1e3),Y(Ie)),file_ms:h(I(),B(),X(1e3),Y(Ie))}),ae=["trio.TooSlowError","pexpect.exceptions.TIMEOUT","Failed: Timeout","TimeoutError"],Nn=h(l(),w(/^[A-Za-z][\w-]*(\([^(),\n]+\))?$/,"must be a permission rule such as Read or Bash(python -m pytest *), without commas")),De=k({extends:o(h(c,R("A built-in profile (tractor, generic) or a path relative to this file."))),skill:k({name:h(l(),w(we,"must be lowercase letters, digits and single hyphens"),q(64,`must be at most ${64} characters`)),description:h(l(),w(/^(?![\s\S]*---)[^<>]*\S[^<>]*$/,"must be non-empty text without <, > or ---"),q(1024,`must be at most ${1024} characters`)),argument_hint:c,compatibility:o(h(c,q(500,`must be at most ${500} characters`))),commit_message_skill:o(c)}),project:k({name:c,package:o(c),tests_dir:c,about:o(c)}),runner:k({python:o(h(N,R("The project's interpreter, e.g. .venv/bin/python or python3; {{python}} elsewhere in the profile. Default: what base runs under, else python.")),le),base:o(h(N,R("The pytest command, e.g. uv run pytest; {{pytest}} elsewhere. Default: {{python}} -m pytest.")),te),env:o(m(xn),[]),also:o(m(N),[]),commands:o(h(m(N),R("The repository's own test commands and accepted equivalents (e.g. tox -e py311 --, nox -s tests-3.11 --, make test, uv run --locked pytest, PYTHONPATH=src python -m pytest): each is allowed while the skill runs, with any arguments after it, and recognised by the report. A trailing -- passes the rest to pytest.")),[]),default_flags:o(m(kn),[]),timeouts:Cn}),options:k({closed:o(A(),!1),also_accept:o(m(c),[]),project:o(m(Te),[]),pytest:o(m(Te),[])}),examples:o(m(bn),[]),path_resolution:o(On,{}),preflight:o(m(En),[]),layout:o(m(Rn),[]),mapping:o(m(An),[]),stop_gate:o(h(A(),R("Stop gate: before the agent ends its turn, ask once for the mapped tests of every source file changed in the session that no pytest run covered since (true by default for an installed profile; the plugin's own default profile never gates). false turns it off.")),!0),quick_checks:o(m(_n),[]),sandbox:o(Sn,{}),timeout_signatures:o(m(c),ae),hang_sections:o(m(c),[]),known_flaky:o(m(Tn),[]),hints:o(In,{}),show_changes:o(m(N),[]),git:o(Dn,{}),allowed_tools:h(m(Nn),C(1,"needs at least one permission rule")),gotchas:o(m(c),[])});function Ne(e){if(!e)return{ok:!1,problem:"no compiled profile found (run `run-tests-skill init` or install the plugin)"};let t;try{t=JSON.parse((0,Ce.readFileSync)(e,"utf8"))}catch(s){return{ok:!1,problem:`${e}: cannot read the compiled profile (${s.message})`}}let n=t&&typeof t=="object"&&"profile"in t?t.profile:t,r=ee(De,n);if(!r.success){let s=r.issues[0];return{ok:!1,problem:`${e}: invalid profile at ${s?Z(s):"?"}: ${s?.message}`}}return{ok:!0,profile:r.output,file:e}}var ce=require("node:fs"),E=require("node:path");var $e=[{path:".claude/run-tests-skill",kind:"dir",what:"run-tests-skill's install (hook bundles, compiled profile, state)"},{path:".claude/settings.json",kind:"file",what:"the project's Claude Code settings (hook registrations, sandbox)"},{path:".claude/settings.local.json",kind:"file",what:"the project's local Claude Code settings"},{path:".claude/skills",kind:"dir",what:"the project's skills (the allowed-tools the guard enforces)"}],je=".claude/run-tests-skill-reports";var Le=(0,E.join)(".claude","run-tests-skill"),Fe="profile.json",$n=(0,E.join)(Le,"state");function Me(e,t,n=process.env){let r=(0,E.join)(e,Le,Fe),s=(0,ce.existsSync)(r),i=s?r:[(0,E.join)(t,"..",Fe)].find(a=>(0,ce.existsSync)(a))??null,u=n.CLAUDE_PLUGIN_DATA,p=!s&&u?(0,E.join)(u,"projects",jn(e)):null;return{projectDir:e,installed:s,profileFile:i&&(0,E.resolve)(i),stateDir:p?(0,E.join)(p,"state"):(0,E.join)(e,$n),spoolDir:p?(0,E.join)(p,"reports"):(0,E.join)(e,je)}}function jn(e){return(0,E.resolve)(e).replace(/[^A-Za-z0-9._-]+/g,"-")}function Ue(e,t){return(0,E.resolve)(e.CLAUDE_PROJECT_DIR||t||process.cwd())}function Ge(){return typeof __dirname=="string"?__dirname:(0,E.dirname)((0,E.resolve)(process.argv[1]??"."))}var d=require("node:fs"),P=require("node:path");var ze=require("node:child_process");function Be(e,t,n){let r=n.maxBuffer??1048576;return new Promise(s=>{let i=[],u=[],p=0,a=0,y=!1,f=!1,_=!1,M=(v,$=!1)=>{_||(_=!0,clearTimeout(K),s({exitCode:v,stdout:Buffer.concat(i).toString("utf8"),stderr:Buffer.concat(u).toString("utf8"),failed:v!==0||y||f,missing:$,timedOut:y}))},S;try{S=(0,ze.spawn)(e,t,{cwd:n.cwd,env:n.env??process.env,stdio:["ignore","pipe","pipe"],windowsHide:!0})}catch{M(void 0);return}let K=setTimeout(()=>{y=!0,S.kill("SIGTERM")},n.timeoutMs),j=(v,$)=>he=>{if($(he.length)>r){f=!0,S.kill("SIGTERM");return}v.push(he)};S.stdout?.on("data",j(i,v=>p+=v)),S.stderr?.on("data",j(u,v=>a+=v)),S.on("error",v=>M(void 0,v.code==="ENOENT")),S.on("close",v=>M(v??void 0))})}var b=require("node:fs"),H=require("node:path");function pe(e,t,n){let r=(0,b.existsSync)(e)&&(0,b.lstatSync)(e).isSymbolicLink()?(0,b.realpathSync)(e):e;(0,b.mkdirSync)((0,H.dirname)(r),{recursive:!0});let s=`${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2,10)}`,i=(0,H.join)((0,H.dirname)(r),`.${s}.run-tests-skill.tmp`);try{(0,b.writeFileSync)(i,t,n===void 0?void 0:{mode:n});let u=n??((0,b.existsSync)(r)?(0,b.statSync)(r).mode&511:void 0);u!==void 0&&(0,b.chmodSync)(i,u),(0,b.renameSync)(i,r)}catch(u){throw(0,b.rmSync)(i,{force:!0}),u}}var re="run_tests_skill_reporter",Xe="RUN_TESTS_SKILL_REPORT_DIR";var Ve="# run-tests-skill: streaming pytest reporter",Un=7;function We(e){return`'${e.replace(/'/g,"'\\''")}'`}function Gn(e,t){return[`${Ve} (delete these lines to turn it off)`,`export ${Xe}=${We(t)}`,`export PYTHONPATH=${We(e)}"\${PYTHONPATH:+:$PYTHONPATH}"`,`export PYTEST_ADDOPTS="-p ${re}\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`]}function zn(e){let t=(e??"").replace(/[^A-Za-z0-9_-]/g,"_").slice(0,80);return t===""?"default":t}function Bn(e,t){return(0,P.join)(e,zn(t))}function qn(e){try{let t=(0,d.lstatSync)(e);if(t.isSymbolicLink())return`${e} is a symbolic link; remove it (the reporter stays off)`;if(!t.isDirectory())return`${e} is not a folder; remove it (the reporter stays off)`}catch{}return null}function Xn(e){return(0,P.join)(e,"reporter")}function Wn(e,t){let n=Xn(e);(0,d.mkdirSync)(n,{recursive:!0});let r=(0,P.join)(n,`${re}.py`);return((0,d.existsSync)(r)?(0,d.readFileSync)(r,"utf8"):null)!==t&&pe(r,t),n}function Vn(e,t){let n=e.trim().split(/\s+/),r=[],s=n[0]??"";if(/(?:^|\/)python[\d.]*$/.test(s))if(s.includes("*")){let[u,...p]=s.split("/"),a=new RegExp(`^${(u??"").replace(/[.+^${}()|[\]\\]/g,"\\$&").replace(/\*/g,".*")}$`);try{for(let y of(0,d.readdirSync)(t).filter(f=>a.test(f)).sort().reverse()){let f=(0,P.join)(t,y,...p);(0,d.existsSync)(f)&&r.push(f)}}catch{}}else r.push(s.includes("/")&&!s.startsWith("/")?(0,P.join)(t,s):s);let i=(0,P.join)(t,".venv","bin","python");return(0,d.existsSync)(i)&&r.push(i),r.push("python3","python"),[...new Set(r)]}async function Hn(e,t,n){let r=await Be(e,t,{env:{...process.env,...n},timeoutMs:4e3});return{exitCode:r.exitCode,failed:r.failed,missing:r.missing||r.exitCode===127}}async function He(e){let t=Wn(e.stateDir,e.source),n=qn(e.spoolDir);if(n)return{enabled:!1,reason:n};let r=Bn(e.spoolDir,e.sessionId);(0,d.mkdirSync)(r,{recursive:!0});let s=(0,P.join)(e.spoolDir,".gitignore");(0,d.existsSync)(s)||pe(s,`# run-tests-skill: streaming pytest reports, local only
*
`),Kn(e.spoolDir,e.now??Date.now(),r);let i=e.run??Hn,u;for(let y of Vn(e.runnerBase,e.projectDir)){let f={...process.env,PYTHONPATH:t,PYTHONDONTWRITEBYTECODE:"1"},_=await i(y,["-c",`import ${re}`],f).catch(()=>({exitCode:void 0,failed:!0,missing:!0}));if(_.exitCode===0){u=y;break}if(!_.missing)return{enabled:!1,reason:`${y} could not import the reporter module`}}if(!u)return{enabled:!1,reason:"no Python interpreter found"};let p=(0,d.existsSync)(e.envFile)?(0,d.readFileSync)(e.envFile,"utf8"):"";if(p.includes(Ve))return{enabled:!0,reason:"already enabled",python:u};(0,d.mkdirSync)((0,P.dirname)(e.envFile),{recursive:!0});let a=p===""||p.endsWith(`
`)?"":`
`;return(0,d.appendFileSync)(e.envFile,`${a}${Gn(t,r).join(`
`)}
`),{enabled:!0,reason:"enabled",python:u}}function Kn(e,t,n){let r=[];try{r=(0,d.readdirSync)(e)}catch{return}for(let s of r){let i=(0,P.join)(e,s);if(!(i===n||s===".gitignore"))try{let u=(0,d.lstatSync)(i);if(t-u.mtimeMs<=Un*864e5)continue;u.isDirectory()?(0,d.rmSync)(i,{recursive:!0,force:!0}):(0,d.unlinkSync)(i)}catch{}}}var Ke=`# run-tests-skill: a streaming JSONL reporter for pytest (stdlib only, Python 3.8+).
#
# Loaded with \`-p run_tests_skill_reporter\` (the SessionStart hook puts this file's folder on PYTHONPATH and
# the flag in PYTEST_ADDOPTS, after checking that the project's interpreter can import it). It writes one
# JSON object per line, flushed as it goes, to <RUN_TESTS_SKILL_REPORT_DIR>/<start ms>-<pid>.jsonl, so a
# run that is killed still leaves a file naming the test that was running. The post-run hook reads it.
#
# Rules that keep it from ever changing a test run:
#   - no RUN_TESTS_SKILL_REPORT_DIR, or the directory cannot be written: do nothing;
#   - xdist workers never write (the controller receives every report); on workers the plugin only adds the
#     leaves of an exception group to the report object, which travels to the controller with it;
#   - every hook swallows its own errors: a reporter bug must not turn into a test failure;
#   - it reads nothing from the user's options and adds none, so it cannot clash with --junitxml & co.
import json
import os
import sys
import time

RECORD_VERSION = 1
_LEAVES_ATTR = "run_tests_skill_leaves"
_TYPE_ATTR = "run_tests_skill_type"
_MAX_TEXT = 500


def _now_ms():
    return int(time.time() * 1000)


def _short(text):
    """First line only (pexpect and assertion messages run on for dozens of lines), bounded."""
    lines = ("" if text is None else str(text)).strip().splitlines()
    text = lines[0] if lines else ""
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3] + "..."


def _type_name(exc):
    cls = type(exc)
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", cls.__name__)
    return name if module in ("builtins", "__main__", "") else module + "." + name


def _describe(exc):
    message = str(exc).strip().splitlines()
    return _type_name(exc) + (": " + message[0] if message else "")


def _leaves(exc, depth=0):
    """Final exceptions inside a (possibly nested) exception group, each as 'module.Type: message'."""
    children = getattr(exc, "exceptions", None)
    if depth > 10 or not isinstance(children, (list, tuple)) or not isinstance(exc, BaseException):
        return [_describe(exc)]
    out = []
    for child in children:
        out.extend(_leaves(child, depth + 1))
    return out


def _is_group(exc):
    return isinstance(getattr(exc, "exceptions", None), (list, tuple))


def _crash_of(report):
    """(type and message of the exception that finally escaped, leaves if it was a group)."""
    longrepr = getattr(report, "longrepr", None)
    if longrepr is None:
        return None
    crash = getattr(longrepr, "reprcrash", None)
    message = getattr(crash, "message", None) if crash is not None else None
    if message is None:
        # Collection errors and skips carry a plain string or a tuple; keep the last "E   " line.
        text = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
        message = _last_e_block(text) or (text.strip().splitlines() or [""])[-1]
    return _short(message)


def _last_e_block(text):
    """The exception line of the last block of "E   " lines (its least indented line, e.g. the
    \`SyntaxError: ...\` line below the echoed source of a syntax error)."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.startswith("E ") or line == "E":
            current.append(line[1:])
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    if not blocks:
        return None
    body = [line for line in blocks[-1] if line.strip()]
    if not body:
        return None
    indent = min(len(line) - len(line.lstrip()) for line in body)
    return next(line.strip() for line in body if len(line) - len(line.lstrip()) == indent)


class _Writer:
    def __init__(self, path):
        self.path = path
        self.handle = open(path, "a", encoding="utf-8", buffering=1)

    def write(self, record):
        try:
            self.handle.write(json.dumps(record, separators=(",", ":"), default=str) + "\\n")
            self.handle.flush()
        except Exception:
            pass

    def close(self):
        try:
            self.handle.close()
        except Exception:
            pass


class _Reporter:
    def __init__(self, config, writer):
        self.config = config
        self.writer = writer

    def pytest_collectreport(self, report):
        try:
            if report.failed:
                self.writer.write(
                    {"k": "collect", "id": report.nodeid, "outcome": "failed", "crash": _crash_of(report)}
                )
        except Exception:
            pass

    def pytest_collection_finish(self, session):
        try:
            self.writer.write({"k": "collected", "n": len(session.items)})
        except Exception:
            pass

    def pytest_runtest_logstart(self, nodeid, location):
        self.writer.write({"k": "begin", "id": nodeid, "t": _now_ms()})

    def pytest_runtest_logreport(self, report):
        try:
            record = {
                "k": "phase",
                "id": report.nodeid,
                "when": report.when,
                "outcome": report.outcome,
                "dur": round(getattr(report, "duration", 0.0) or 0.0, 3),
            }
            if hasattr(report, "wasxfail"):
                record["xfail"] = True
            if report.failed or report.outcome not in ("passed", "skipped", "failed"):
                record["crash"] = _crash_of(report)
                exc_type = getattr(report, _TYPE_ATTR, None)
                if exc_type:
                    record["type"] = exc_type
                leaves = getattr(report, _LEAVES_ATTR, None)
                if leaves:
                    record["leaves"] = leaves
                if report.when not in ("setup", "call", "teardown"):
                    record["crashed_worker"] = True
            self.writer.write(record)
        except Exception:
            pass

    def pytest_keyboard_interrupt(self, excinfo):
        try:
            self.writer.write({"k": "interrupt", "crash": _short(excinfo.exconly()), "t": _now_ms()})
        except Exception:
            pass

    def pytest_sessionfinish(self, session, exitstatus):
        try:
            stop = session.shouldfail or session.shouldstop
            self.writer.write(
                {
                    "k": "finish",
                    "exit": int(exitstatus),
                    "stop": str(stop) if stop else None,
                    "t": _now_ms(),
                }
            )
        except Exception:
            pass

    def pytest_unconfigure(self, config):
        self.writer.close()


def _leaves_plugin():
    """Runs wherever tests run (plain process or xdist worker): notes the qualified exception type and the
    leaves of an exception group on the report itself; xdist carries extra report attributes from the worker
    to the controller, and no other reporter (junitxml, terminal) looks at them."""
    import pytest

    class RunTestsSkillLeaves:
        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(self, item, call):
            outcome = yield
            try:
                if call.excinfo is not None:
                    report = outcome.get_result()
                    setattr(report, _TYPE_ATTR, _type_name(call.excinfo.value))
                    if _is_group(call.excinfo.value):
                        setattr(report, _LEAVES_ATTR, _leaves(call.excinfo.value))
            except Exception:
                pass

    return RunTestsSkillLeaves()


def pytest_configure(config):
    try:
        _configure(config)
    except Exception:
        pass


def _configure(config):
    target = os.environ.get("RUN_TESTS_SKILL_REPORT_DIR")
    if not target:
        return
    config.pluginmanager.register(_leaves_plugin(), "run_tests_skill_leaves")
    if hasattr(config, "workerinput"):
        return  # xdist worker: the controller writes the records
    os.makedirs(target, exist_ok=True)
    start = _now_ms()
    writer = _Writer(os.path.join(target, "%d-%d.jsonl" % (start, os.getpid())))
    params = config.invocation_params
    writer.write(
        {
            "k": "start",
            "v": RECORD_VERSION,
            "t": start,
            "pid": os.getpid(),
            "args": [str(a) for a in params.args],
            "dir": str(params.dir),
            "pytest": _pytest_version(),
            "python": "%d.%d.%d" % sys.version_info[:3],
            "xdist": bool(getattr(config.option, "numprocesses", None)),
        }
    )
    config.pluginmanager.register(_Reporter(config, writer), "run_tests_skill_writer")


def _pytest_version():
    try:
        import pytest

        return pytest.__version__
    except Exception:
        return "?"
`;var z=require("node:fs"),Ye=require("node:os"),g=require("node:path");var Jn={guaranteed:"guaranteed (sandbox barrier on)","best-effort":"best effort (no barrier; `run-tests-skill init --sandbox` turns it on)"};function Je(e){return`git rule enforcement: ${Jn[e]}`}var fe=e=>e!==null&&typeof e=="object"&&!Array.isArray(e);function Ze(e,t){return e==="~"||e.startsWith("~/")?(0,g.join)((0,Ye.homedir)(),e.slice(1)):(0,g.isAbsolute)(e)?(0,g.resolve)(e):(0,g.resolve)(t,e)}function ye(e){try{return(0,z.readFileSync)(e,"utf8")}catch{return null}}function Zn(e){let t=(0,g.resolve)(e);for(;;){let n=(0,g.join)(t,".git");if((0,z.existsSync)(n))return n;let r=(0,g.dirname)(t);if(r===t)return null;t=r}}function Yn(e){let t=Zn(e);if(!t)return[];let n=[t],r=t,s=!1;try{s=(0,z.statSync)(t).isFile()}catch{return n}if(s){let u=/^gitdir:\s*(.+?)\s*$/m.exec(ye(t)??"")?.[1];if(!u)return n;r=(0,g.resolve)((0,g.dirname)(t),u),n.push(r)}let i=ye((0,g.join)(r,"commondir"))?.trim();return i&&n.push((0,g.resolve)(r,i)),[...new Set(n)]}function Qn(e,t){let n=(0,g.relative)((0,g.resolve)(t),e);return n===""||n.startsWith("..")||(0,g.isAbsolute)(n)?e:n.split(g.sep).join("/")}function et(e){let t=[...$e.map(n=>n.path),".git"];for(let n of Yn(e))t.push(Qn(n,e));return[...new Set(t)]}var nt=(e,t)=>e===t||e.startsWith(t.endsWith(g.sep)?t:t+g.sep);function tt(e,t,n){let r=t.flatMap(s=>typeof s=="string"&&s.trim()!==""?[Ze(s.replace(/\/+$/,"")||"/",n)]:[]);return e.filter(s=>{let i=Ze(s,n);return!r.some(u=>nt(i,u))})}function rt(e,t){let n=fe(e)?e.sandbox:void 0,r=et(t);if(!fe(n)||n.enabled!==!0||n.allowUnsandboxedCommands!==!1)return{on:!1,sandboxOff:!0,missing:r};let s=n.filesystem;if(!fe(s)||s.disabled===!0)return{on:!1,sandboxOff:!0,missing:r};let i=tt(r,Array.isArray(s.denyWrite)?s.denyWrite:[],t);return i.length===0?{on:!0}:{on:!1,sandboxOff:!1,missing:i}}function st(e){let t=ye((0,g.join)(e,".claude","settings.json"));if(t===null)return null;try{return JSON.parse(t.charCodeAt(0)===65279?t.slice(1):t)}catch{return null}}function Qe(e){return rt(st(e),e)}function en(e){if(e.on)return`run-tests-skill: ${Je("guaranteed")}.`;let t=[`run-tests-skill: ${Je("best-effort")}.`];return e.sandboxOff||t.push(`The Bash sandbox is on, but its filesystem.denyWrite no longer covers ${e.missing.join(", ")} (the git layout changed since init?), so those are writable from inside it. Tell the user: \`run-tests-skill init --sandbox\` covers them again.`),t.join(`
`)}var me="session-start";async function it(){let e=ke(await xe(),ue);if(!e.ok){ne(me,e.problem);return}let t=e.value,n=Ue(process.env,t.cwd);if(!(0,nn.existsSync)(n))return;be(_e("SessionStart",en(Qe(n))));let r=process.env.CLAUDE_ENV_FILE;if(!r||/^(?:0|off|false|no)$/i.test(process.env.RUN_TESTS_SKILL_REPORTER??""))return;let s=Me(n,Ge()),i=Ne(s.profileFile),u=await He({stateDir:s.stateDir,spoolDir:s.spoolDir,projectDir:n,sessionId:t.session_id,envFile:r,runnerBase:i.ok?i.profile.runner.base:te,source:Ke});u.enabled||ne(me,`streaming reporter not enabled: ${u.reason}`)}it().catch(e=>ne(me,`internal error: ${e instanceof Error?e.message:String(e)}`)).finally(()=>{process.exitCode=0});
