// Built by hooks/build.ts from hooks/entry; do not edit.
"use strict";var je=require("node:fs");var ee="python";var Le="{{python}}",Pn=`${Le} -m pytest`;var W=`${ee} -m pytest`;var V,Me={lang:void 0,message:void 0,abortEarly:void 0,abortPipeEarly:void 0};function ue(e){return!e&&!V?Me:{lang:e?.lang??V?.lang,message:e?.message,abortEarly:e?.abortEarly??V?.abortEarly,abortPipeEarly:e?.abortPipeEarly??V?.abortPipeEarly}}var Ue;function ze(e){return Ue?.get(e)}var Ge;function qe(e){return Ge?.get(e)}var Be;function Xe(e,t){return Be?.get(e)?.get(t)}function j(e){let t=typeof e;return t==="string"?`"${e}"`:t==="number"||t==="bigint"||t==="boolean"?`${e}`:t==="object"||t==="function"?(e&&Object.getPrototypeOf(e)?.constructor?.name)??"null":t}function g(e,t,n,r,o){let s=o&&"input"in o?o.input:n.value,u=o?.expected??e.expects??null,f=o?.received??j(s),c={kind:e.kind,type:e.type,input:s,expected:u,received:f,message:`Invalid ${t}: ${u?`Expected ${u} but r`:"R"}eceived ${f}`,requirement:e.requirement,path:o?.path,issues:o?.issues,lang:r.lang,abortEarly:r.abortEarly,abortPipeEarly:r.abortPipeEarly},y=e.kind==="schema",h=o?.message??e.message??Xe(e.reference,c.lang)??(y?qe(c.lang):null)??r.message??ze(c.lang);h!==void 0&&(c.message=typeof h=="function"?h(c):h),y&&(n.typed=!1),n.issues?n.issues.push(c):n.issues=[c]}function We(e,t){return e===t||Number.isNaN(e)&&Number.isNaN(t)}function le(e,t){return Object.prototype.hasOwnProperty.call(e,t)&&t!=="__proto__"&&t!=="prototype"&&t!=="constructor"}function Ve(e,t){let n=[...new Set(e)];return n.length>1?`(${n.join(` ${t} `)})`:n[0]??"never"}function S(e){return e["~standard"]={version:1,vendor:"valibot",validate:t=>e["~run"]({value:t},ue())},e}function H(e){if(e.path){let t="";for(let n of e.path)if(typeof n.key=="string"||typeof n.key=="number")t?t+=`.${n.key}`:t+=n.key;else return null;return t}return null}var Cn=new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$","u");function R(e){return{kind:"metadata",type:"description",reference:R,description:e}}function U(e){return{kind:"validation",type:"integer",reference:U,async:!1,expects:null,requirement:Number.isInteger,message:e,"~run"(t,n){return t.typed&&!this.requirement(t.value)&&g(this,"integer",t,n),t}}}function z(e,t){return{kind:"validation",type:"max_length",reference:z,async:!1,expects:`<=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length>this.requirement&&g(this,"length",n,r,{received:`${n.value.length}`}),n}}}function K(e,t){return{kind:"validation",type:"max_value",reference:K,async:!1,expects:`<=${e instanceof Date?e.toJSON():j(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value<=this.requirement)&&g(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():j(n.value)}),n}}}function P(e,t){return{kind:"validation",type:"min_length",reference:P,async:!1,expects:`>=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length<this.requirement&&g(this,"length",n,r,{received:`${n.value.length}`}),n}}}function G(e,t){return{kind:"validation",type:"min_value",reference:G,async:!1,expects:`>=${e instanceof Date?e.toJSON():j(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value>=this.requirement)&&g(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():j(n.value)}),n}}}function _(e,t){return{kind:"validation",type:"regex",reference:_,async:!1,expects:`${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!this.requirement.test(n.value)&&g(this,"format",n,r),n}}}var He={abortEarly:!0};function ce(e,t,n){return typeof e.fallback=="function"?e.fallback(t,n):e.fallback}function ne(e,t,n){return typeof e.default=="function"?e.default(t,n):e.default}function p(e,t){return S({kind:"schema",type:"array",reference:p,expects:"Array",async:!1,item:e,message:t,"~run"(n,r){let o=n.value;if(Array.isArray(o)){n.typed=!0,n.value=[];for(let s=0;s<o.length;s++){let u=o[s],f=this.item["~run"]({value:u},r);if(f.issues){let c={type:"array",origin:"value",input:o,key:s,value:u};for(let y of f.issues)y.path?y.path.unshift(c):y.path=[c],n.issues?.push(y);if(n.issues||(n.issues=f.issues),r.abortEarly){n.typed=!1;break}}f.typed||(n.typed=!1),n.value.push(f.value)}}else g(this,"type",n,r);return n}})}function O(e){return S({kind:"schema",type:"boolean",reference:O,expects:"boolean",async:!1,message:e,"~run"(t,n){return typeof t.value=="boolean"?t.typed=!0:g(this,"type",t,n),t}})}function C(e,t){return S({kind:"schema",type:"literal",reference:C,expects:j(e),async:!1,literal:e,message:t,"~run"(n,r){return We(n.value,this.literal)?n.typed=!0:g(this,"type",n,r),n}})}function T(e,t){return S({kind:"schema",type:"loose_object",reference:T,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let o=n.value;if(o&&typeof o=="object"){n.typed=!0,n.value={};for(let s in this.entries){let u=this.entries[s];if(s in o||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let f=s in o?o[s]:ne(u),c=u["~run"]({value:f},r);if(c.issues){let y={type:"object",origin:"value",input:o,key:s,value:f};for(let h of c.issues)h.path?h.path.unshift(y):h.path=[y],n.issues?.push(h);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[s]=c.value}else if(u.fallback!==void 0)n.value[s]=ce(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(g(this,"key",n,r,{input:void 0,expected:`"${s}"`,path:[{type:"object",origin:"key",input:o,key:s,value:o[s]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly)for(let s in o)le(o,s)&&!Object.prototype.hasOwnProperty.call(this.entries,s)&&(n.value[s]=o[s])}else g(this,"type",n,r);return n}})}function A(e){return S({kind:"schema",type:"number",reference:A,expects:"number",async:!1,message:e,"~run"(t,n){return typeof t.value=="number"&&!isNaN(t.value)?t.typed=!0:g(this,"type",t,n),t}})}function i(e,t){return S({kind:"schema",type:"optional",reference:i,expects:`(${e.expects} | undefined)`,async:!1,wrapped:e,default:t,"~run"(n,r){return n.value===void 0&&(this.default!==void 0&&(n.value=ne(this,n,r)),n.value===void 0)?(n.typed=!0,n):this.wrapped["~run"](n,r)}})}function q(e,t,n){return S({kind:"schema",type:"record",reference:q,expects:"Object",async:!1,key:e,value:t,message:n,"~run"(r,o){let s=r.value;if(s&&typeof s=="object"){r.typed=!0,r.value={};for(let u in s)if(le(s,u)){let f=s[u],c=this.key["~run"]({value:u},o);if(c.issues){let h={type:"object",origin:"key",input:s,key:u,value:f};for(let w of c.issues)w.path=[h],r.issues?.push(w);if(r.issues||(r.issues=c.issues),o.abortEarly){r.typed=!1;break}}let y=this.value["~run"]({value:f},o);if(y.issues){let h={type:"object",origin:"value",input:s,key:u,value:f};for(let w of y.issues)w.path?w.path.unshift(h):w.path=[h],r.issues?.push(w);if(r.issues||(r.issues=y.issues),o.abortEarly){r.typed=!1;break}}(!c.typed||!y.typed)&&(r.typed=!1),c.typed&&(r.value[c.value]=y.value)}}else g(this,"type",r,o);return r}})}function x(e,t){return S({kind:"schema",type:"strict_object",reference:x,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let o=n.value;if(o&&typeof o=="object"){n.typed=!0,n.value={};for(let s in this.entries){let u=this.entries[s];if(s in o||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let f=s in o?o[s]:ne(u),c=u["~run"]({value:f},r);if(c.issues){let y={type:"object",origin:"value",input:o,key:s,value:f};for(let h of c.issues)h.path?h.path.unshift(y):h.path=[y],n.issues?.push(h);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[s]=c.value}else if(u.fallback!==void 0)n.value[s]=ce(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(g(this,"key",n,r,{input:void 0,expected:`"${s}"`,path:[{type:"object",origin:"key",input:o,key:s,value:o[s]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly){for(let s in o)if(!Object.prototype.hasOwnProperty.call(this.entries,s)){g(this,"key",n,r,{input:s,expected:"never",path:[{type:"object",origin:"key",input:o,key:s,value:o[s]}]});break}}}else g(this,"type",n,r);return n}})}function l(e){return S({kind:"schema",type:"string",reference:l,expects:"string",async:!1,message:e,"~run"(t,n){return typeof t.value=="string"?t.typed=!0:g(this,"type",t,n),t}})}function L(){return S({kind:"schema",type:"unknown",reference:L,expects:"unknown",async:!1,"~run"(e){return e.typed=!0,e}})}function te(e,t,n){return S({kind:"schema",type:"variant",reference:te,expects:"Object",async:!1,key:e,options:t,message:n,"~run"(r,o){let s=r.value;if(s&&typeof s=="object"){let u,f=0,c=this.key,y=[],h=(w,F)=>{for(let b of w.options){if(b.type==="variant")h(b,new Set(F).add(b.key));else{let X=!0,$=0;for(let d of F){let D=b.entries[d];if(d in s?D["~run"]({typed:!1,value:s[d]},He).issues:D.type!=="exact_optional"&&D.type!=="optional"&&D.type!=="nullish"){X=!1,c!==d&&(f<$||f===$&&d in s&&!(c in s))&&(f=$,c=d,y=[]),c===d&&y.push(b.entries[d].expects);break}$++}if(X){let d=b["~run"]({value:s},o);(!u||!u.typed&&d.typed)&&(u=d)}}if(u&&!u.issues)break}};if(h(this,new Set([this.key])),u)return u;g(this,"type",r,o,{input:s[c],expected:Ve(y,"|"),path:[{type:"object",origin:"value",input:s,key:c,value:s[c]}]})}else g(this,"type",r,o);return r}})}function m(...e){return S({...e[0],pipe:e,"~run"(t,n){for(let r of e)if(r.kind!=="metadata"){if(t.issues&&(r.kind==="schema"||r.kind==="transformation")){t.typed=!1;break}(!t.issues||!n.abortEarly&&!n.abortPipeEarly)&&(t=r["~run"](t,n))}return t}})}function Z(e,t,n){let r=e["~run"]({value:t},ue(n));return{typed:r.typed,success:!r.issues,output:r.value,issues:r.issues}}var M={session_id:i(l()),transcript_path:i(l()),cwd:i(l()),permission_mode:i(l()),prompt_id:i(l()),agent_id:i(l()),agent_type:i(l())},Nn=T({command:l(),description:i(l()),timeout:i(A()),run_in_background:i(O())}),$n=T({stdout:i(l()),stderr:i(l()),interrupted:i(O()),returnCodeInterpretation:i(l()),backgroundTaskId:i(l()),timedOutAfterMs:i(A()),persistedOutputPath:i(l()),persistedOutputSize:i(A())}),Ke=T({...M,hook_event_name:C("PreToolUse"),tool_name:l(),tool_input:q(l(),L()),tool_use_id:i(l())}),Ze=T({...M,hook_event_name:C("PostToolUse"),tool_name:l(),tool_input:q(l(),L()),tool_response:L(),tool_use_id:i(l()),duration_ms:i(A())}),Je=T({...M,hook_event_name:C("PostToolUseFailure"),tool_name:l(),tool_input:q(l(),L()),tool_use_id:i(l()),error:l(),is_interrupt:i(O()),duration_ms:i(A())}),Ye=T({...M,hook_event_name:C("UserPromptExpansion"),expansion_type:i(l()),command_name:i(l()),command_args:i(l()),command_source:i(l()),prompt:i(l())}),re=T({...M,hook_event_name:C("SessionStart"),source:i(l())}),Fn=T({...M,hook_event_name:C("Stop"),stop_hook_active:i(O()),last_assistant_message:i(l())}),jn=te("hook_event_name",[Ke,Ze,Je,Ye,re]);async function ae(e=process.stdin){let t=[];for await(let n of e)t.push(typeof n=="string"?Buffer.from(n):n);return Buffer.concat(t).toString("utf8")}function pe(e,t){let n=e.trim();if(n==="")return{ok:!1,problem:"empty stdin"};let r;try{r=JSON.parse(n)}catch(s){return{ok:!1,problem:`stdin is not JSON (${s.message})`}}let o=Z(t,r);if(!o.success){let s=o.issues[0],u=s?H(s):null;return{ok:!1,problem:`unexpected hook input${u?` at ${u}`:""}: ${s?.message??"?"}`}}return{ok:!0,value:o.output}}function Y(e,t){process.stderr.write(`run-tests-skill ${e}: ${t}
`)}var v=require("node:fs"),I=require("node:path");var k=require("node:fs"),B=require("node:path");function fe(e,t,n){let r=(0,k.existsSync)(e)&&(0,k.lstatSync)(e).isSymbolicLink()?(0,k.realpathSync)(e):e;(0,k.mkdirSync)((0,B.dirname)(r),{recursive:!0});let o=`${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2,10)}`,s=(0,B.join)((0,B.dirname)(r),`.${o}.run-tests-skill.tmp`);try{(0,k.writeFileSync)(s,t,n===void 0?void 0:{mode:n});let u=n??((0,k.existsSync)(r)?(0,k.statSync)(r).mode&511:void 0);u!==void 0&&(0,k.chmodSync)(s,u),(0,k.renameSync)(s,r)}catch(u){throw(0,k.rmSync)(s,{force:!0}),u}}var ye=require("node:child_process");function he(e,t,n){let r=n.maxBuffer??1048576;return new Promise(o=>{let s=[],u=[],f=0,c=0,y=!1,h=!1,w=!1,F=(d,D=!1)=>{w||(w=!0,clearTimeout(X),o({exitCode:d,stdout:Buffer.concat(s).toString("utf8"),stderr:Buffer.concat(u).toString("utf8"),failed:d!==0||y||h,missing:D,timedOut:y}))},b;try{b=(0,ye.spawn)(e,t,{cwd:n.cwd,env:n.env??process.env,stdio:["ignore","pipe","pipe"],windowsHide:!0})}catch{F(void 0);return}let X=setTimeout(()=>{y=!0,b.kill("SIGTERM")},n.timeoutMs),$=(d,D)=>oe=>{if(D(oe.length)>r){h=!0,b.kill("SIGTERM");return}d.push(oe)};b.stdout?.on("data",$(s,d=>f+=d)),b.stderr?.on("data",$(u,d=>c+=d)),b.on("error",d=>F(void 0,d.code==="ENOENT")),b.on("close",d=>F(d??void 0))})}var me=/^[a-z0-9]+(-[a-z0-9]+)*$/;var Qe=["name","description","license","compatibility","metadata","allowed-tools"],qn=[...Qe,"when_to_use","argument-hint","arguments","disable-model-invocation","user-invocable","disallowed-tools","model","effort","context","agent","background","hooks","paths","shell","version"];var en=m(l(),_(/^(?!(PATH|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|LD_\w*|DYLD_\w*|PYTHON\w*|GIT_\w*|PYTEST_\w*)=)[A-Za-z_]\w*=\S*$/,"must be NAME=VALUE without spaces (e.g. CI=true, UV_PROJECT_ENVIRONMENT=py*), and not a variable that changes what runs (PATH, LD_*, PYTHON*, GIT_*, PYTEST_*)")),a=m(l(),_(/\S/,"must not be empty")),N=m(l(),_(/^[^\n]*\S[^\n]*$/,"must be a command on one line")),Ee=e=>m(p(N,`expected a list of ${e}`),P(1,`needs at least one ${e}`)),xe=m(l(),_(/^--?[A-Za-z0-9][\w-]*$/,"must look like --name or -x (no value, no =)")),nn=x({flag:m(a,R("The flag as it is added, e.g. --tb=short.")),why:a,dropped_by:i(m(p(a),R('User flags that replace this default (prefix match: "--tb" drops "--tb=short").')),[]),omit_when:i(a)}),ke=x({flag:xe,aliases:i(p(xe),[]),purpose:a,value_name:i(m(l(),_(/^[\w-]+$/,"must be a word such as level or key"),R("Shown as <name>."))),values:i(m(p(a),P(1,"needs at least one value when given"))),default:i(a),max_values:i(m(A(),U(),G(1))),requires:i(p(a),[]),note:i(a)}),tn=x({args:l(),means:a,command:i(N)}),rn=x({title:a,why:a,when:i(a),run:Ee("command"),on_failure:a,fix:i(p(N),[])}),sn=x({title:a,why:i(a),run:Ee("command"),background:i(O(),!1)}),on=x({rules:i(p(a),[]),commands:i(p(N),[])}),un=x({path:a,note:a}),ln=x({changed:m(p(a),P(1,"needs at least one changed path")),tests:m(p(a),P(1,"needs at least one test path")),note:i(a)}),cn=x({path:m(l(),_(/^(?!\/)(?!\.\.?\/)\S+\.py$/,"must be a repo-relative .py path such as tests/test_x.py")),name:m(l(),_(/^[\w:]+$/,"must be a test name without [params]")),params:i(m(p(a),P(1,"list at least one parametrisation, or leave params out"))),example_params:i(p(a),[]),signatures:m(p(a,"a known-flaky entry needs `signatures`, a list of crash signatures (e.g. trio.TooSlowError); without one any failure would be excused"),P(1,"a known-flaky entry needs at least one failure signature; without one any failure would be excused"),R("Crash signatures that make a failure of this test known-flaky (e.g. trio.TooSlowError); at least one, since without one any failure would be excused")),note:a}),an=x({stale_server:i(a),capture_pipe:i(a),import_error:i(a)}),pn=m(l(),_(/^[a-z][a-z0-9-]*(?: [^\s-][^\s]*)*$/,"must be a git subcommand and optionally its next words, such as stash or stash pop")),fn=x({allow:i(m(p(pn),R("Git forms the maintainers allow the agent to run in this repo (default none): `stash` allows every `git stash ...`, `stash pop` only `git stash pop ...`. The guard denies every other git mutation; doctor lists these.")),[])}),be=6e5,yn=x({suite_ms:m(A(),U(),G(1e3),K(be)),file_ms:m(A(),U(),G(1e3),K(be))}),_e=["trio.TooSlowError","pexpect.exceptions.TIMEOUT","Failed: Timeout","TimeoutError"],hn=m(l(),_(/^[A-Za-z][\w-]*(\([^(),\n]+\))?$/,"must be a permission rule such as Read or Bash(python -m pytest *), without commas")),we=x({extends:i(m(a,R("A built-in profile (tractor, generic) or a path relative to this file."))),skill:x({name:m(l(),_(me,"must be lowercase letters, digits and single hyphens"),z(64,`must be at most ${64} characters`)),description:m(l(),_(/^(?![\s\S]*---)[^<>]*\S[^<>]*$/,"must be non-empty text without <, > or ---"),z(1024,`must be at most ${1024} characters`)),argument_hint:a,compatibility:i(m(a,z(500,`must be at most ${500} characters`))),commit_message_skill:i(a)}),project:x({name:a,package:i(a),tests_dir:a,about:i(a)}),runner:x({python:i(m(N,R("The project's interpreter, e.g. .venv/bin/python or python3; {{python}} elsewhere in the profile. Default: what base runs under, else python.")),ee),base:i(m(N,R("The pytest command, e.g. uv run pytest; {{pytest}} elsewhere. Default: {{python}} -m pytest.")),W),env:i(p(en),[]),also:i(p(N),[]),default_flags:i(p(nn),[]),timeouts:yn}),options:x({closed:i(O(),!1),also_accept:i(p(a),[]),project:i(p(ke),[]),pytest:i(p(ke),[])}),examples:i(p(tn),[]),path_resolution:i(on,{}),preflight:i(p(rn),[]),layout:i(p(un),[]),mapping:i(p(ln),[]),stop_gate:i(m(O(),R("Stop gate: before the agent ends its turn, ask once for the mapped tests of every source file changed in the session that no pytest run covered since (true by default for an installed profile; the plugin's own default profile never gates). false turns it off.")),!0),quick_checks:i(p(sn),[]),timeout_signatures:i(p(a),_e),hang_sections:i(p(a),[]),known_flaky:i(p(cn),[]),hints:i(an,{}),show_changes:i(p(N),[]),git:i(fn,{}),allowed_tools:m(p(hn),P(1,"needs at least one permission rule")),gotchas:i(p(a),[])});var Q="run_tests_skill_reporter",Se="RUN_TESTS_SKILL_REPORT_DIR";var Ae="# run-tests-skill: streaming pytest reporter",xn=7;function Re(e){return`'${e.replace(/'/g,"'\\''")}'`}function kn(e,t){return[`${Ae} (delete these lines to turn it off)`,`export ${Se}=${Re(t)}`,`export PYTHONPATH=${Re(e)}"\${PYTHONPATH:+:$PYTHONPATH}"`,`export PYTEST_ADDOPTS="-p ${Q}\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`]}function bn(e){let t=(e??"").replace(/[^A-Za-z0-9_-]/g,"_").slice(0,80);return t===""?"default":t}function En(e,t){return(0,I.join)(e,"reports",bn(t))}function _n(e){return(0,I.join)(e,"reporter")}function wn(e,t){let n=_n(e);(0,v.mkdirSync)(n,{recursive:!0});let r=(0,I.join)(n,`${Q}.py`);return((0,v.existsSync)(r)?(0,v.readFileSync)(r,"utf8"):null)!==t&&fe(r,t),n}function Sn(e,t){let n=e.trim().split(/\s+/),r=[],o=n[0]??"";if(/(?:^|\/)python[\d.]*$/.test(o))if(o.includes("*")){let[u,...f]=o.split("/"),c=new RegExp(`^${(u??"").replace(/[.+^${}()|[\]\\]/g,"\\$&").replace(/\*/g,".*")}$`);try{for(let y of(0,v.readdirSync)(t).filter(h=>c.test(h)).sort().reverse()){let h=(0,I.join)(t,y,...f);(0,v.existsSync)(h)&&r.push(h)}}catch{}}else r.push(o.includes("/")&&!o.startsWith("/")?(0,I.join)(t,o):o);let s=(0,I.join)(t,".venv","bin","python");return(0,v.existsSync)(s)&&r.push(s),r.push("python3","python"),[...new Set(r)]}async function Rn(e,t,n){let r=await he(e,t,{env:{...process.env,...n},timeoutMs:4e3});return{exitCode:r.exitCode,failed:r.failed,missing:r.missing||r.exitCode===127}}async function Ie(e){let t=wn(e.stateDir,e.source),n=En(e.stateDir,e.sessionId);(0,v.mkdirSync)(n,{recursive:!0}),An((0,I.join)(e.stateDir,"reports"),e.now??Date.now(),n);let r=e.run??Rn,o;for(let f of Sn(e.runnerBase,e.projectDir)){let c={...process.env,PYTHONPATH:t,PYTHONDONTWRITEBYTECODE:"1"},y=await r(f,["-c",`import ${Q}`],c).catch(()=>({exitCode:void 0,failed:!0,missing:!0}));if(y.exitCode===0){o=f;break}if(!y.missing)return{enabled:!1,reason:`${f} could not import the reporter module`}}if(!o)return{enabled:!1,reason:"no Python interpreter found"};let s=(0,v.existsSync)(e.envFile)?(0,v.readFileSync)(e.envFile,"utf8"):"";if(s.includes(Ae))return{enabled:!0,reason:"already enabled",python:o};(0,v.mkdirSync)((0,I.dirname)(e.envFile),{recursive:!0});let u=s===""||s.endsWith(`
`)?"":`
`;return(0,v.appendFileSync)(e.envFile,`${u}${kn(t,n).join(`
`)}
`),{enabled:!0,reason:"enabled",python:o}}function An(e,t,n){let r=[];try{r=(0,v.readdirSync)(e)}catch{return}for(let o of r){let s=(0,I.join)(e,o);if(s!==n)try{t-(0,v.statSync)(s).mtimeMs>xn*864e5&&(0,v.rmSync)(s,{recursive:!0,force:!0})}catch{}}}var Oe=`# run-tests-skill: a streaming JSONL reporter for pytest (stdlib only, Python 3.8+).
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
`;var se=require("node:fs"),E=require("node:path"),Pe=(0,E.join)(".claude","run-tests-skill"),Te="profile.json",In=(0,E.join)(Pe,"state");function De(e,t,n=process.env){let r=(0,E.join)(e,Pe,Te),o=(0,se.existsSync)(r),s=o?r:[(0,E.join)(t,"..",Te)].find(f=>(0,se.existsSync)(f))??null,u=n.CLAUDE_PLUGIN_DATA;return{projectDir:e,installed:o,profileFile:s&&(0,E.resolve)(s),stateDir:o||!u?(0,E.join)(e,In):(0,E.join)(u,"projects",On(e),"state")}}function On(e){return(0,E.resolve)(e).replace(/[^A-Za-z0-9._-]+/g,"-")}function Ce(e,t){return(0,E.resolve)(e.CLAUDE_PROJECT_DIR||t||process.cwd())}function Ne(){return typeof __dirname=="string"?__dirname:(0,E.dirname)((0,E.resolve)(process.argv[1]??"."))}var $e=require("node:fs");function Fe(e){if(!e)return{ok:!1,problem:"no compiled profile found (run `run-tests-skill init` or install the plugin)"};let t;try{t=JSON.parse((0,$e.readFileSync)(e,"utf8"))}catch(o){return{ok:!1,problem:`${e}: cannot read the compiled profile (${o.message})`}}let n=t&&typeof t=="object"&&"profile"in t?t.profile:t,r=Z(we,n);if(!r.success){let o=r.issues[0];return{ok:!1,problem:`${e}: invalid profile at ${o?H(o):"?"}: ${o?.message}`}}return{ok:!0,profile:r.output,file:e}}var ie="session-start";async function Tn(){let e=pe(await ae(),re);if(!e.ok){Y(ie,e.problem);return}let t=process.env.CLAUDE_ENV_FILE;if(!t||/^(?:0|off|false|no)$/i.test(process.env.RUN_TESTS_SKILL_REPORTER??""))return;let n=e.value,r=Ce(process.env,n.cwd);if(!(0,je.existsSync)(r))return;let o=De(r,Ne()),s=Fe(o.profileFile),u=await Ie({stateDir:o.stateDir,projectDir:r,sessionId:n.session_id,envFile:t,runnerBase:s.ok?s.profile.runner.base:W,source:Oe});u.enabled||Y(ie,`streaming reporter not enabled: ${u.reason}`)}Tn().catch(e=>Y(ie,`internal error: ${e instanceof Error?e.message:String(e)}`)).finally(()=>{process.exitCode=0});
