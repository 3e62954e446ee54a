// Built by hooks/build.ts from hooks/entry; do not edit.
"use strict";var Le=require("node:fs");var ee="python";var Fe="{{python}}",Pn=`${Fe} -m pytest`;var V=`${ee} -m pytest`;var W,Me={lang:void 0,message:void 0,abortEarly:void 0,abortPipeEarly:void 0};function ue(e){return!e&&!W?Me:{lang:e?.lang??W?.lang,message:e?.message,abortEarly:e?.abortEarly??W?.abortEarly,abortPipeEarly:e?.abortPipeEarly??W?.abortPipeEarly}}var ze;function Ue(e){return ze?.get(e)}var Ge;function qe(e){return Ge?.get(e)}var Be;function Xe(e,t){return Be?.get(e)?.get(t)}function L(e){let t=typeof e;return t==="string"?`"${e}"`:t==="number"||t==="bigint"||t==="boolean"?`${e}`:t==="object"||t==="function"?(e&&Object.getPrototypeOf(e)?.constructor?.name)??"null":t}function g(e,t,n,r,o){let s=o&&"input"in o?o.input:n.value,u=o?.expected??e.expects??null,f=o?.received??L(s),c={kind:e.kind,type:e.type,input:s,expected:u,received:f,message:`Invalid ${t}: ${u?`Expected ${u} but r`:"R"}eceived ${f}`,requirement:e.requirement,path:o?.path,issues:o?.issues,lang:r.lang,abortEarly:r.abortEarly,abortPipeEarly:r.abortPipeEarly},y=e.kind==="schema",m=o?.message??e.message??Xe(e.reference,c.lang)??(y?qe(c.lang):null)??r.message??Ue(c.lang);m!==void 0&&(c.message=typeof m=="function"?m(c):m),y&&(n.typed=!1),n.issues?n.issues.push(c):n.issues=[c]}function Ve(e,t){return e===t||Number.isNaN(e)&&Number.isNaN(t)}function le(e,t){return Object.prototype.hasOwnProperty.call(e,t)&&t!=="__proto__"&&t!=="prototype"&&t!=="constructor"}function We(e,t){let n=[...new Set(e)];return n.length>1?`(${n.join(` ${t} `)})`:n[0]??"never"}function S(e){return e["~standard"]={version:1,vendor:"valibot",validate:t=>e["~run"]({value:t},ue())},e}function H(e){if(e.path){let t="";for(let n of e.path)if(typeof n.key=="string"||typeof n.key=="number")t?t+=`.${n.key}`:t+=n.key;else return null;return t}return null}var Cn=new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$","u");function A(e){return{kind:"metadata",type:"description",reference:A,description:e}}function z(e){return{kind:"validation",type:"integer",reference:z,async:!1,expects:null,requirement:Number.isInteger,message:e,"~run"(t,n){return t.typed&&!this.requirement(t.value)&&g(this,"integer",t,n),t}}}function U(e,t){return{kind:"validation",type:"max_length",reference:U,async:!1,expects:`<=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length>this.requirement&&g(this,"length",n,r,{received:`${n.value.length}`}),n}}}function K(e,t){return{kind:"validation",type:"max_value",reference:K,async:!1,expects:`<=${e instanceof Date?e.toJSON():L(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value<=this.requirement)&&g(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():L(n.value)}),n}}}function P(e,t){return{kind:"validation",type:"min_length",reference:P,async:!1,expects:`>=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length<this.requirement&&g(this,"length",n,r,{received:`${n.value.length}`}),n}}}function G(e,t){return{kind:"validation",type:"min_value",reference:G,async:!1,expects:`>=${e instanceof Date?e.toJSON():L(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value>=this.requirement)&&g(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():L(n.value)}),n}}}function E(e,t){return{kind:"validation",type:"regex",reference:E,async:!1,expects:`${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!this.requirement.test(n.value)&&g(this,"format",n,r),n}}}var He={abortEarly:!0};function ce(e,t,n){return typeof e.fallback=="function"?e.fallback(t,n):e.fallback}function ne(e,t,n){return typeof e.default=="function"?e.default(t,n):e.default}function p(e,t){return S({kind:"schema",type:"array",reference:p,expects:"Array",async:!1,item:e,message:t,"~run"(n,r){let o=n.value;if(Array.isArray(o)){n.typed=!0,n.value=[];for(let s=0;s<o.length;s++){let u=o[s],f=this.item["~run"]({value:u},r);if(f.issues){let c={type:"array",origin:"value",input:o,key:s,value:u};for(let y of f.issues)y.path?y.path.unshift(c):y.path=[c],n.issues?.push(y);if(n.issues||(n.issues=f.issues),r.abortEarly){n.typed=!1;break}}f.typed||(n.typed=!1),n.value.push(f.value)}}else g(this,"type",n,r);return n}})}function T(e){return S({kind:"schema",type:"boolean",reference:T,expects:"boolean",async:!1,message:e,"~run"(t,n){return typeof t.value=="boolean"?t.typed=!0:g(this,"type",t,n),t}})}function N(e,t){return S({kind:"schema",type:"literal",reference:N,expects:L(e),async:!1,literal:e,message:t,"~run"(n,r){return Ve(n.value,this.literal)?n.typed=!0:g(this,"type",n,r),n}})}function O(e,t){return S({kind:"schema",type:"loose_object",reference:O,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let o=n.value;if(o&&typeof o=="object"){n.typed=!0,n.value={};for(let s in this.entries){let u=this.entries[s];if(s in o||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let f=s in o?o[s]:ne(u),c=u["~run"]({value:f},r);if(c.issues){let y={type:"object",origin:"value",input:o,key:s,value:f};for(let m of c.issues)m.path?m.path.unshift(y):m.path=[y],n.issues?.push(m);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[s]=c.value}else if(u.fallback!==void 0)n.value[s]=ce(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(g(this,"key",n,r,{input:void 0,expected:`"${s}"`,path:[{type:"object",origin:"key",input:o,key:s,value:o[s]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly)for(let s in o)le(o,s)&&!Object.prototype.hasOwnProperty.call(this.entries,s)&&(n.value[s]=o[s])}else g(this,"type",n,r);return n}})}function I(e){return S({kind:"schema",type:"number",reference:I,expects:"number",async:!1,message:e,"~run"(t,n){return typeof t.value=="number"&&!isNaN(t.value)?t.typed=!0:g(this,"type",t,n),t}})}function i(e,t){return S({kind:"schema",type:"optional",reference:i,expects:`(${e.expects} | undefined)`,async:!1,wrapped:e,default:t,"~run"(n,r){return n.value===void 0&&(this.default!==void 0&&(n.value=ne(this,n,r)),n.value===void 0)?(n.typed=!0,n):this.wrapped["~run"](n,r)}})}function q(e,t,n){return S({kind:"schema",type:"record",reference:q,expects:"Object",async:!1,key:e,value:t,message:n,"~run"(r,o){let s=r.value;if(s&&typeof s=="object"){r.typed=!0,r.value={};for(let u in s)if(le(s,u)){let f=s[u],c=this.key["~run"]({value:u},o);if(c.issues){let m={type:"object",origin:"key",input:s,key:u,value:f};for(let w of c.issues)w.path=[m],r.issues?.push(w);if(r.issues||(r.issues=c.issues),o.abortEarly){r.typed=!1;break}}let y=this.value["~run"]({value:f},o);if(y.issues){let m={type:"object",origin:"value",input:s,key:u,value:f};for(let w of y.issues)w.path?w.path.unshift(m):w.path=[m],r.issues?.push(w);if(r.issues||(r.issues=y.issues),o.abortEarly){r.typed=!1;break}}(!c.typed||!y.typed)&&(r.typed=!1),c.typed&&(r.value[c.value]=y.value)}}else g(this,"type",r,o);return r}})}function x(e,t){return S({kind:"schema",type:"strict_object",reference:x,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let o=n.value;if(o&&typeof o=="object"){n.typed=!0,n.value={};for(let s in this.entries){let u=this.entries[s];if(s in o||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let f=s in o?o[s]:ne(u),c=u["~run"]({value:f},r);if(c.issues){let y={type:"object",origin:"value",input:o,key:s,value:f};for(let m of c.issues)m.path?m.path.unshift(y):m.path=[y],n.issues?.push(m);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[s]=c.value}else if(u.fallback!==void 0)n.value[s]=ce(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(g(this,"key",n,r,{input:void 0,expected:`"${s}"`,path:[{type:"object",origin:"key",input:o,key:s,value:o[s]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly){for(let s in o)if(!Object.prototype.hasOwnProperty.call(this.entries,s)){g(this,"key",n,r,{input:s,expected:"never",path:[{type:"object",origin:"key",input:o,key:s,value:o[s]}]});break}}}else g(this,"type",n,r);return n}})}function l(e){return S({kind:"schema",type:"string",reference:l,expects:"string",async:!1,message:e,"~run"(t,n){return typeof t.value=="string"?t.typed=!0:g(this,"type",t,n),t}})}function F(){return S({kind:"schema",type:"unknown",reference:F,expects:"unknown",async:!1,"~run"(e){return e.typed=!0,e}})}function te(e,t,n){return S({kind:"schema",type:"variant",reference:te,expects:"Object",async:!1,key:e,options:t,message:n,"~run"(r,o){let s=r.value;if(s&&typeof s=="object"){let u,f=0,c=this.key,y=[],m=(w,j)=>{for(let b of w.options){if(b.type==="variant")m(b,new Set(j).add(b.key));else{let X=!0,$=0;for(let v of j){let C=b.entries[v];if(v in s?C["~run"]({typed:!1,value:s[v]},He).issues:C.type!=="exact_optional"&&C.type!=="optional"&&C.type!=="nullish"){X=!1,c!==v&&(f<$||f===$&&v in s&&!(c in s))&&(f=$,c=v,y=[]),c===v&&y.push(b.entries[v].expects);break}$++}if(X){let v=b["~run"]({value:s},o);(!u||!u.typed&&v.typed)&&(u=v)}}if(u&&!u.issues)break}};if(m(this,new Set([this.key])),u)return u;g(this,"type",r,o,{input:s[c],expected:We(y,"|"),path:[{type:"object",origin:"value",input:s,key:c,value:s[c]}]})}else g(this,"type",r,o);return r}})}function h(...e){return S({...e[0],pipe:e,"~run"(t,n){for(let r of e)if(r.kind!=="metadata"){if(t.issues&&(r.kind==="schema"||r.kind==="transformation")){t.typed=!1;break}(!t.issues||!n.abortEarly&&!n.abortPipeEarly)&&(t=r["~run"](t,n))}return t}})}function Z(e,t,n){let r=e["~run"]({value:t},ue(n));return{typed:r.typed,success:!r.issues,output:r.value,issues:r.issues}}var M={session_id:i(l()),transcript_path:i(l()),cwd:i(l()),permission_mode:i(l()),prompt_id:i(l()),agent_id:i(l()),agent_type:i(l())},Nn=O({command:l(),description:i(l()),timeout:i(I()),run_in_background:i(T())}),$n=O({stdout:i(l()),stderr:i(l()),interrupted:i(T()),returnCodeInterpretation:i(l()),backgroundTaskId:i(l()),timedOutAfterMs:i(I()),persistedOutputPath:i(l()),persistedOutputSize:i(I())}),Ke=O({...M,hook_event_name:N("PreToolUse"),tool_name:l(),tool_input:q(l(),F()),tool_use_id:i(l())}),Ze=O({...M,hook_event_name:N("PostToolUse"),tool_name:l(),tool_input:q(l(),F()),tool_response:F(),tool_use_id:i(l()),duration_ms:i(I())}),Je=O({...M,hook_event_name:N("PostToolUseFailure"),tool_name:l(),tool_input:q(l(),F()),tool_use_id:i(l()),error:l(),is_interrupt:i(T()),duration_ms:i(I())}),Ye=O({...M,hook_event_name:N("UserPromptExpansion"),expansion_type:i(l()),command_name:i(l()),command_args:i(l()),command_source:i(l()),prompt:i(l())}),re=O({...M,hook_event_name:N("SessionStart"),source:i(l())}),jn=O({...M,hook_event_name:N("Stop"),stop_hook_active:i(T()),last_assistant_message:i(l())}),Ln=te("hook_event_name",[Ke,Ze,Je,Ye,re]);async function ae(e=process.stdin){let t=[];for await(let n of e)t.push(typeof n=="string"?Buffer.from(n):n);return Buffer.concat(t).toString("utf8")}function pe(e,t){let n=e.trim();if(n==="")return{ok:!1,problem:"empty stdin"};let r;try{r=JSON.parse(n)}catch(s){return{ok:!1,problem:`stdin is not JSON (${s.message})`}}let o=Z(t,r);if(!o.success){let s=o.issues[0],u=s?H(s):null;return{ok:!1,problem:`unexpected hook input${u?` at ${u}`:""}: ${s?.message??"?"}`}}return{ok:!0,value:o.output}}function Y(e,t){process.stderr.write(`run-tests-skill ${e}: ${t}
`)}var d=require("node:fs"),R=require("node:path");var k=require("node:fs"),B=require("node:path");function fe(e,t,n){let r=(0,k.existsSync)(e)&&(0,k.lstatSync)(e).isSymbolicLink()?(0,k.realpathSync)(e):e;(0,k.mkdirSync)((0,B.dirname)(r),{recursive:!0});let o=`${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2,10)}`,s=(0,B.join)((0,B.dirname)(r),`.${o}.run-tests-skill.tmp`);try{(0,k.writeFileSync)(s,t,n===void 0?void 0:{mode:n});let u=n??((0,k.existsSync)(r)?(0,k.statSync)(r).mode&511:void 0);u!==void 0&&(0,k.chmodSync)(s,u),(0,k.renameSync)(s,r)}catch(u){throw(0,k.rmSync)(s,{force:!0}),u}}var ye=require("node:child_process");function he(e,t,n){let r=n.maxBuffer??1048576;return new Promise(o=>{let s=[],u=[],f=0,c=0,y=!1,m=!1,w=!1,j=(v,C=!1)=>{w||(w=!0,clearTimeout(X),o({exitCode:v,stdout:Buffer.concat(s).toString("utf8"),stderr:Buffer.concat(u).toString("utf8"),failed:v!==0||y||m,missing:C,timedOut:y}))},b;try{b=(0,ye.spawn)(e,t,{cwd:n.cwd,env:n.env??process.env,stdio:["ignore","pipe","pipe"],windowsHide:!0})}catch{j(void 0);return}let X=setTimeout(()=>{y=!0,b.kill("SIGTERM")},n.timeoutMs),$=(v,C)=>oe=>{if(C(oe.length)>r){m=!0,b.kill("SIGTERM");return}v.push(oe)};b.stdout?.on("data",$(s,v=>f+=v)),b.stderr?.on("data",$(u,v=>c+=v)),b.on("error",v=>j(void 0,v.code==="ENOENT")),b.on("close",v=>j(v??void 0))})}var me=/^[a-z0-9]+(-[a-z0-9]+)*$/;var Qe=["name","description","license","compatibility","metadata","allowed-tools"],qn=[...Qe,"when_to_use","argument-hint","arguments","disable-model-invocation","user-invocable","disallowed-tools","model","effort","context","agent","background","hooks","paths","shell","version"];var en=h(l(),E(/^(?!(PATH|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|LD_\w*|DYLD_\w*|PYTHON\w*|GIT_\w*|PYTEST_\w*)=)[A-Za-z_]\w*=\S*$/,"must be NAME=VALUE without spaces (e.g. CI=true, UV_PROJECT_ENVIRONMENT=py*), and not a variable that changes what runs (PATH, LD_*, PYTHON*, GIT_*, PYTEST_*)")),a=h(l(),E(/\S/,"must not be empty")),D=h(l(),E(/^[^\n]*\S[^\n]*$/,"must be a command on one line")),_e=e=>h(p(D,`expected a list of ${e}`),P(1,`needs at least one ${e}`)),xe=h(l(),E(/^--?[A-Za-z0-9][\w-]*$/,"must look like --name or -x (no value, no =)")),nn=x({flag:h(a,A("The flag as it is added, e.g. --tb=short.")),why:a,dropped_by:i(h(p(a),A('User flags that replace this default (prefix match: "--tb" drops "--tb=short").')),[]),omit_when:i(a)}),ke=x({flag:xe,aliases:i(p(xe),[]),purpose:a,value_name:i(h(l(),E(/^[\w-]+$/,"must be a word such as level or key"),A("Shown as <name>."))),values:i(h(p(a),P(1,"needs at least one value when given"))),default:i(a),max_values:i(h(I(),z(),G(1))),requires:i(p(a),[]),note:i(a)}),tn=x({args:l(),means:a,command:i(D)}),rn=x({title:a,why:a,when:i(a),run:_e("command"),on_failure:a,fix:i(p(D),[])}),sn=x({title:a,why:i(a),run:_e("command"),background:i(T(),!1)}),on=x({rules:i(p(a),[]),commands:i(p(D),[])}),un=x({path:a,note:a}),ln=x({changed:h(p(a),P(1,"needs at least one changed path")),tests:h(p(a),P(1,"needs at least one test path")),note:i(a)}),cn=x({path:h(l(),E(/^(?!\/)(?!\.\.?\/)\S+\.py$/,"must be a repo-relative .py path such as tests/test_x.py")),name:h(l(),E(/^[\w:]+$/,"must be a test name without [params]")),params:i(h(p(a),P(1,"list at least one parametrisation, or leave params out"))),example_params:i(p(a),[]),signatures:h(p(a,"a known-flaky entry needs `signatures`, a list of crash signatures (e.g. trio.TooSlowError); without one any failure would be excused"),P(1,"a known-flaky entry needs at least one failure signature; without one any failure would be excused"),A("Crash signatures that make a failure of this test known-flaky (e.g. trio.TooSlowError); at least one, since without one any failure would be excused")),note:a}),an=x({stale_server:i(a),capture_pipe:i(a),import_error:i(a)}),pn=h(l(),E(/^[a-z][a-z0-9-]*(?: [^\s-][^\s]*)*$/,"must be a git subcommand and optionally its next words, such as stash or stash pop")),fn=x({allow:i(h(p(pn),A("Git forms the maintainers allow the agent to run in this repo (default none): `stash` allows every `git stash ...`, `stash pop` only `git stash pop ...`. The guard denies every other git mutation; doctor lists these.")),[])}),be=6e5,yn=x({suite_ms:h(I(),z(),G(1e3),K(be)),file_ms:h(I(),z(),G(1e3),K(be))}),Ee=["trio.TooSlowError","pexpect.exceptions.TIMEOUT","Failed: Timeout","TimeoutError"],hn=h(l(),E(/^[A-Za-z][\w-]*(\([^(),\n]+\))?$/,"must be a permission rule such as Read or Bash(python -m pytest *), without commas")),we=x({extends:i(h(a,A("A built-in profile (tractor, generic) or a path relative to this file."))),skill:x({name:h(l(),E(me,"must be lowercase letters, digits and single hyphens"),U(64,`must be at most ${64} characters`)),description:h(l(),E(/^(?![\s\S]*---)[^<>]*\S[^<>]*$/,"must be non-empty text without <, > or ---"),U(1024,`must be at most ${1024} characters`)),argument_hint:a,compatibility:i(h(a,U(500,`must be at most ${500} characters`))),commit_message_skill:i(a)}),project:x({name:a,package:i(a),tests_dir:a,about:i(a)}),runner:x({python:i(h(D,A("The project's interpreter, e.g. .venv/bin/python or python3; {{python}} elsewhere in the profile. Default: what base runs under, else python.")),ee),base:i(h(D,A("The pytest command, e.g. uv run pytest; {{pytest}} elsewhere. Default: {{python}} -m pytest.")),V),env:i(p(en),[]),also:i(p(D),[]),commands:i(h(p(D),A("The repository's own test commands and accepted equivalents (e.g. tox -e py311 --, nox -s tests-3.11 --, make test, uv run --locked pytest, PYTHONPATH=src python -m pytest): each is allowed while the skill runs, with any arguments after it, and recognised by the report. A trailing -- passes the rest to pytest.")),[]),default_flags:i(p(nn),[]),timeouts:yn}),options:x({closed:i(T(),!1),also_accept:i(p(a),[]),project:i(p(ke),[]),pytest:i(p(ke),[])}),examples:i(p(tn),[]),path_resolution:i(on,{}),preflight:i(p(rn),[]),layout:i(p(un),[]),mapping:i(p(ln),[]),stop_gate:i(h(T(),A("Stop gate: before the agent ends its turn, ask once for the mapped tests of every source file changed in the session that no pytest run covered since (true by default for an installed profile; the plugin's own default profile never gates). false turns it off.")),!0),quick_checks:i(p(sn),[]),timeout_signatures:i(p(a),Ee),hang_sections:i(p(a),[]),known_flaky:i(p(cn),[]),hints:i(an,{}),show_changes:i(p(D),[]),git:i(fn,{}),allowed_tools:h(p(hn),P(1,"needs at least one permission rule")),gotchas:i(p(a),[])});var Q="run_tests_skill_reporter",Se="RUN_TESTS_SKILL_REPORT_DIR";var Ie="# run-tests-skill: streaming pytest reporter",xn=7;function Ae(e){return`'${e.replace(/'/g,"'\\''")}'`}function kn(e,t){return[`${Ie} (delete these lines to turn it off)`,`export ${Se}=${Ae(t)}`,`export PYTHONPATH=${Ae(e)}"\${PYTHONPATH:+:$PYTHONPATH}"`,`export PYTEST_ADDOPTS="-p ${Q}\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`]}function bn(e){let t=(e??"").replace(/[^A-Za-z0-9_-]/g,"_").slice(0,80);return t===""?"default":t}function _n(e,t){return(0,R.join)(e,"reports",bn(t))}function En(e){return(0,R.join)(e,"reporter")}function wn(e,t){let n=En(e);(0,d.mkdirSync)(n,{recursive:!0});let r=(0,R.join)(n,`${Q}.py`);return((0,d.existsSync)(r)?(0,d.readFileSync)(r,"utf8"):null)!==t&&fe(r,t),n}function Sn(e,t){let n=e.trim().split(/\s+/),r=[],o=n[0]??"";if(/(?:^|\/)python[\d.]*$/.test(o))if(o.includes("*")){let[u,...f]=o.split("/"),c=new RegExp(`^${(u??"").replace(/[.+^${}()|[\]\\]/g,"\\$&").replace(/\*/g,".*")}$`);try{for(let y of(0,d.readdirSync)(t).filter(m=>c.test(m)).sort().reverse()){let m=(0,R.join)(t,y,...f);(0,d.existsSync)(m)&&r.push(m)}}catch{}}else r.push(o.includes("/")&&!o.startsWith("/")?(0,R.join)(t,o):o);let s=(0,R.join)(t,".venv","bin","python");return(0,d.existsSync)(s)&&r.push(s),r.push("python3","python"),[...new Set(r)]}async function An(e,t,n){let r=await he(e,t,{env:{...process.env,...n},timeoutMs:4e3});return{exitCode:r.exitCode,failed:r.failed,missing:r.missing||r.exitCode===127}}async function Re(e){let t=wn(e.stateDir,e.source),n=_n(e.stateDir,e.sessionId);(0,d.mkdirSync)(n,{recursive:!0}),In((0,R.join)(e.stateDir,"reports"),e.now??Date.now(),n);let r=e.run??An,o;for(let f of Sn(e.runnerBase,e.projectDir)){let c={...process.env,PYTHONPATH:t,PYTHONDONTWRITEBYTECODE:"1"},y=await r(f,["-c",`import ${Q}`],c).catch(()=>({exitCode:void 0,failed:!0,missing:!0}));if(y.exitCode===0){o=f;break}if(!y.missing)return{enabled:!1,reason:`${f} could not import the reporter module`}}if(!o)return{enabled:!1,reason:"no Python interpreter found"};let s=(0,d.existsSync)(e.envFile)?(0,d.readFileSync)(e.envFile,"utf8"):"";if(s.includes(Ie))return{enabled:!0,reason:"already enabled",python:o};(0,d.mkdirSync)((0,R.dirname)(e.envFile),{recursive:!0});let u=s===""||s.endsWith(`
`)?"":`
`;return(0,d.appendFileSync)(e.envFile,`${u}${kn(t,n).join(`
`)}
`),{enabled:!0,reason:"enabled",python:o}}function In(e,t,n){let r=[];try{r=(0,d.readdirSync)(e)}catch{return}for(let o of r){let s=(0,R.join)(e,o);if(s!==n)try{t-(0,d.statSync)(s).mtimeMs>xn*864e5&&(0,d.rmSync)(s,{recursive:!0,force:!0})}catch{}}}var Te=`# run-tests-skill: a streaming JSONL reporter for pytest (stdlib only, Python 3.8+).
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
`;var se=require("node:fs"),_=require("node:path"),Pe=(0,_.join)(".claude","run-tests-skill"),Oe="profile.json",Rn=(0,_.join)(Pe,"state");function De(e,t,n=process.env){let r=(0,_.join)(e,Pe,Oe),o=(0,se.existsSync)(r),s=o?r:[(0,_.join)(t,"..",Oe)].find(f=>(0,se.existsSync)(f))??null,u=n.CLAUDE_PLUGIN_DATA;return{projectDir:e,installed:o,profileFile:s&&(0,_.resolve)(s),stateDir:o||!u?(0,_.join)(e,Rn):(0,_.join)(u,"projects",Tn(e),"state")}}function Tn(e){return(0,_.resolve)(e).replace(/[^A-Za-z0-9._-]+/g,"-")}function Ce(e,t){return(0,_.resolve)(e.CLAUDE_PROJECT_DIR||t||process.cwd())}function Ne(){return typeof __dirname=="string"?__dirname:(0,_.dirname)((0,_.resolve)(process.argv[1]??"."))}var $e=require("node:fs");function je(e){if(!e)return{ok:!1,problem:"no compiled profile found (run `run-tests-skill init` or install the plugin)"};let t;try{t=JSON.parse((0,$e.readFileSync)(e,"utf8"))}catch(o){return{ok:!1,problem:`${e}: cannot read the compiled profile (${o.message})`}}let n=t&&typeof t=="object"&&"profile"in t?t.profile:t,r=Z(we,n);if(!r.success){let o=r.issues[0];return{ok:!1,problem:`${e}: invalid profile at ${o?H(o):"?"}: ${o?.message}`}}return{ok:!0,profile:r.output,file:e}}var ie="session-start";async function On(){let e=pe(await ae(),re);if(!e.ok){Y(ie,e.problem);return}let t=process.env.CLAUDE_ENV_FILE;if(!t||/^(?:0|off|false|no)$/i.test(process.env.RUN_TESTS_SKILL_REPORTER??""))return;let n=e.value,r=Ce(process.env,n.cwd);if(!(0,Le.existsSync)(r))return;let o=De(r,Ne()),s=je(o.profileFile),u=await Re({stateDir:o.stateDir,projectDir:r,sessionId:n.session_id,envFile:t,runnerBase:s.ok?s.profile.runner.base:V,source:Te});u.enabled||Y(ie,`streaming reporter not enabled: ${u.reason}`)}On().catch(e=>Y(ie,`internal error: ${e instanceof Error?e.message:String(e)}`)).finally(()=>{process.exitCode=0});
