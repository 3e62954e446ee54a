// Built by hooks/build.ts from hooks/entry; do not edit.
"use strict";var on=require("node:fs");var ue="python";var un="{{python}}",_t=`${un} -m pytest`;var Z=`${ue} -m pytest`;var Y,ln={lang:void 0,message:void 0,abortEarly:void 0,abortPipeEarly:void 0};function ge(e){return!e&&!Y?ln:{lang:e?.lang??Y?.lang,message:e?.message,abortEarly:e?.abortEarly??Y?.abortEarly,abortPipeEarly:e?.abortPipeEarly??Y?.abortPipeEarly}}var cn;function an(e){return cn?.get(e)}var pn;function fn(e){return pn?.get(e)}var yn;function mn(e,t){return yn?.get(e)?.get(t)}function L(e){let t=typeof e;return t==="string"?`"${e}"`:t==="number"||t==="bigint"||t==="boolean"?`${e}`:t==="object"||t==="function"?(e&&Object.getPrototypeOf(e)?.constructor?.name)??"null":t}function x(e,t,n,r,s){let i=s&&"input"in s?s.input:n.value,u=s?.expected??e.expects??null,p=s?.received??L(i),c={kind:e.kind,type:e.type,input:i,expected:u,received:p,message:`Invalid ${t}: ${u?`Expected ${u} but r`:"R"}eceived ${p}`,requirement:e.requirement,path:s?.path,issues:s?.issues,lang:r.lang,abortEarly:r.abortEarly,abortPipeEarly:r.abortPipeEarly},y=e.kind==="schema",f=s?.message??e.message??mn(e.reference,c.lang)??(y?fn(c.lang):null)??r.message??an(c.lang);f!==void 0&&(c.message=typeof f=="function"?f(c):f),y&&(n.typed=!1),n.issues?n.issues.push(c):n.issues=[c]}function hn(e,t){return e===t||Number.isNaN(e)&&Number.isNaN(t)}function xe(e,t){return Object.prototype.hasOwnProperty.call(e,t)&&t!=="__proto__"&&t!=="prototype"&&t!=="constructor"}function ke(e,t){let n=[...new Set(e)];return n.length>1?`(${n.join(` ${t} `)})`:n[0]??"never"}function R(e){return e["~standard"]={version:1,vendor:"valibot",validate:t=>e["~run"]({value:t},ge())},e}function Q(e){if(e.path){let t="";for(let n of e.path)if(typeof n.key=="string"||typeof n.key=="number")t?t+=`.${n.key}`:t+=n.key;else return null;return t}return null}var St=new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$","u");function A(e){return{kind:"metadata",type:"description",reference:A,description:e}}function q(e){return{kind:"validation",type:"integer",reference:q,async:!1,expects:null,requirement:Number.isInteger,message:e,"~run"(t,n){return t.typed&&!this.requirement(t.value)&&x(this,"integer",t,n),t}}}function X(e,t){return{kind:"validation",type:"max_length",reference:X,async:!1,expects:`<=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length>this.requirement&&x(this,"length",n,r,{received:`${n.value.length}`}),n}}}function ee(e,t){return{kind:"validation",type:"max_value",reference:ee,async:!1,expects:`<=${e instanceof Date?e.toJSON():L(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value<=this.requirement)&&x(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():L(n.value)}),n}}}function N(e,t){return{kind:"validation",type:"min_length",reference:N,async:!1,expects:`>=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length<this.requirement&&x(this,"length",n,r,{received:`${n.value.length}`}),n}}}function W(e,t){return{kind:"validation",type:"min_value",reference:W,async:!1,expects:`>=${e instanceof Date?e.toJSON():L(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value>=this.requirement)&&x(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():L(n.value)}),n}}}function w(e,t){return{kind:"validation",type:"regex",reference:w,async:!1,expects:`${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!this.requirement.test(n.value)&&x(this,"format",n,r),n}}}var dn={abortEarly:!0};function le(e,t,n){return typeof e.fallback=="function"?e.fallback(t,n):e.fallback}function ne(e,t,n){return typeof e.default=="function"?e.default(t,n):e.default}function m(e,t){return R({kind:"schema",type:"array",reference:m,expects:"Array",async:!1,item:e,message:t,"~run"(n,r){let s=n.value;if(Array.isArray(s)){n.typed=!0,n.value=[];for(let i=0;i<s.length;i++){let u=s[i],p=this.item["~run"]({value:u},r);if(p.issues){let c={type:"array",origin:"value",input:s,key:i,value:u};for(let y of p.issues)y.path?y.path.unshift(c):y.path=[c],n.issues?.push(y);if(n.issues||(n.issues=p.issues),r.abortEarly){n.typed=!1;break}}p.typed||(n.typed=!1),n.value.push(p.value)}}else x(this,"type",n,r);return n}})}function T(e){return R({kind:"schema",type:"boolean",reference:T,expects:"boolean",async:!1,message:e,"~run"(t,n){return typeof t.value=="boolean"?t.typed=!0:x(this,"type",t,n),t}})}function I(e,t){return R({kind:"schema",type:"literal",reference:I,expects:L(e),async:!1,literal:e,message:t,"~run"(n,r){return hn(n.value,this.literal)?n.typed=!0:x(this,"type",n,r),n}})}function C(e,t){return R({kind:"schema",type:"loose_object",reference:C,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let u=this.entries[i];if(i in s||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=i in s?s[i]:ne(u),c=u["~run"]({value:p},r);if(c.issues){let y={type:"object",origin:"value",input:s,key:i,value:p};for(let f of c.issues)f.path?f.path.unshift(y):f.path=[y],n.issues?.push(f);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[i]=c.value}else if(u.fallback!==void 0)n.value[i]=le(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(x(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly)for(let i in s)xe(s,i)&&!Object.prototype.hasOwnProperty.call(this.entries,i)&&(n.value[i]=s[i])}else x(this,"type",n,r);return n}})}function P(e){return R({kind:"schema",type:"number",reference:P,expects:"number",async:!1,message:e,"~run"(t,n){return typeof t.value=="number"&&!isNaN(t.value)?t.typed=!0:x(this,"type",t,n),t}})}function M(e,t){return R({kind:"schema",type:"object",reference:M,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let u=this.entries[i];if(i in s||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=i in s?s[i]:ne(u),c=u["~run"]({value:p},r);if(c.issues){let y={type:"object",origin:"value",input:s,key:i,value:p};for(let f of c.issues)f.path?f.path.unshift(y):f.path=[y],n.issues?.push(f);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[i]=c.value}else if(u.fallback!==void 0)n.value[i]=le(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(x(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}}else x(this,"type",n,r);return n}})}function o(e,t){return R({kind:"schema",type:"optional",reference:o,expects:`(${e.expects} | undefined)`,async:!1,wrapped:e,default:t,"~run"(n,r){return n.value===void 0&&(this.default!==void 0&&(n.value=ne(this,n,r)),n.value===void 0)?(n.typed=!0,n):this.wrapped["~run"](n,r)}})}function ce(e,t){return R({kind:"schema",type:"picklist",reference:ce,expects:ke(e.map(L),"|"),async:!1,options:e,message:t,"~run"(n,r){return this.options.includes(n.value)?n.typed=!0:x(this,"type",n,r),n}})}function V(e,t,n){return R({kind:"schema",type:"record",reference:V,expects:"Object",async:!1,key:e,value:t,message:n,"~run"(r,s){let i=r.value;if(i&&typeof i=="object"){r.typed=!0,r.value={};for(let u in i)if(xe(i,u)){let p=i[u],c=this.key["~run"]({value:u},s);if(c.issues){let f={type:"object",origin:"key",input:i,key:u,value:p};for(let _ of c.issues)_.path=[f],r.issues?.push(_);if(r.issues||(r.issues=c.issues),s.abortEarly){r.typed=!1;break}}let y=this.value["~run"]({value:p},s);if(y.issues){let f={type:"object",origin:"value",input:i,key:u,value:p};for(let _ of y.issues)_.path?_.path.unshift(f):_.path=[f],r.issues?.push(_);if(r.issues||(r.issues=y.issues),s.abortEarly){r.typed=!1;break}}(!c.typed||!y.typed)&&(r.typed=!1),c.typed&&(r.value[c.value]=y.value)}}else x(this,"type",r,s);return r}})}function k(e,t){return R({kind:"schema",type:"strict_object",reference:k,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let u=this.entries[i];if(i in s||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=i in s?s[i]:ne(u),c=u["~run"]({value:p},r);if(c.issues){let y={type:"object",origin:"value",input:s,key:i,value:p};for(let f of c.issues)f.path?f.path.unshift(y):f.path=[y],n.issues?.push(f);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[i]=c.value}else if(u.fallback!==void 0)n.value[i]=le(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(x(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly){for(let i in s)if(!Object.prototype.hasOwnProperty.call(this.entries,i)){x(this,"key",n,r,{input:i,expected:"never",path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]});break}}}else x(this,"type",n,r);return n}})}function l(e){return R({kind:"schema",type:"string",reference:l,expects:"string",async:!1,message:e,"~run"(t,n){return typeof t.value=="string"?t.typed=!0:x(this,"type",t,n),t}})}function G(){return R({kind:"schema",type:"unknown",reference:G,expects:"unknown",async:!1,"~run"(e){return e.typed=!0,e}})}function ae(e,t,n){return R({kind:"schema",type:"variant",reference:ae,expects:"Object",async:!1,key:e,options:t,message:n,"~run"(r,s){let i=r.value;if(i&&typeof i=="object"){let u,p=0,c=this.key,y=[],f=(_,U)=>{for(let O of _.options){if(O.type==="variant")f(O,new Set(U).add(O.key));else{let K=!0,j=0;for(let v of U){let F=O.entries[v];if(v in i?F["~run"]({typed:!1,value:i[v]},dn).issues:F.type!=="exact_optional"&&F.type!=="optional"&&F.type!=="nullish"){K=!1,c!==v&&(p<j||p===j&&v in i&&!(c in i))&&(p=j,c=v,y=[]),c===v&&y.push(O.entries[v].expects);break}j++}if(K){let v=O["~run"]({value:i},s);(!u||!u.typed&&v.typed)&&(u=v)}}if(u&&!u.issues)break}};if(f(this,new Set([this.key])),u)return u;x(this,"type",r,s,{input:i[c],expected:ke(y,"|"),path:[{type:"object",origin:"value",input:i,key:c,value:i[c]}]})}else x(this,"type",r,s);return r}})}function h(...e){return R({...e[0],pipe:e,"~run"(t,n){for(let r of e)if(r.kind!=="metadata"){if(t.issues&&(r.kind==="schema"||r.kind==="transformation")){t.typed=!1;break}(!t.issues||!n.abortEarly&&!n.abortPipeEarly)&&(t=r["~run"](t,n))}return t}})}function te(e,t,n){let r=e["~run"]({value:t},ge(n));return{typed:r.typed,success:!r.issues,output:r.value,issues:r.issues}}var z={session_id:o(l()),transcript_path:o(l()),cwd:o(l()),permission_mode:o(l()),prompt_id:o(l()),agent_id:o(l()),agent_type:o(l())},Ot=C({command:l(),description:o(l()),timeout:o(P()),run_in_background:o(T())}),Rt=C({stdout:o(l()),stderr:o(l()),interrupted:o(T()),returnCodeInterpretation:o(l()),backgroundTaskId:o(l()),timedOutAfterMs:o(P()),persistedOutputPath:o(l()),persistedOutputSize:o(P())}),vn=C({...z,hook_event_name:I("PreToolUse"),tool_name:l(),tool_input:V(l(),G()),tool_use_id:o(l())}),gn=C({...z,hook_event_name:I("PostToolUse"),tool_name:l(),tool_input:V(l(),G()),tool_response:G(),tool_use_id:o(l()),duration_ms:o(P())}),xn=C({...z,hook_event_name:I("PostToolUseFailure"),tool_name:l(),tool_input:V(l(),G()),tool_use_id:o(l()),error:l(),is_interrupt:o(T()),duration_ms:o(P())}),kn=C({...z,hook_event_name:I("UserPromptExpansion"),expansion_type:o(l()),command_name:o(l()),command_args:o(l()),command_source:o(l()),prompt:o(l())}),pe=C({...z,hook_event_name:I("SessionStart"),source:o(l())}),At=C({...z,hook_event_name:I("Stop"),stop_hook_active:o(T()),last_assistant_message:o(l())}),Tt=ae("hook_event_name",[vn,gn,xn,kn,pe]);async function be(e=process.stdin){let t=[];for await(let n of e)t.push(typeof n=="string"?Buffer.from(n):n);return Buffer.concat(t).toString("utf8")}function Ee(e,t){let n=e.trim();if(n==="")return{ok:!1,problem:"empty stdin"};let r;try{r=JSON.parse(n)}catch(i){return{ok:!1,problem:`stdin is not JSON (${i.message})`}}let s=te(t,r);if(!s.success){let i=s.issues[0],u=i?Q(i):null;return{ok:!1,problem:`unexpected hook input${u?` at ${u}`:""}: ${i?.message??"?"}`}}return{ok:!0,value:s.output}}function _e(e){e&&process.stdout.write(`${JSON.stringify(e)}
`)}function re(e,t){process.stderr.write(`run-tests-skill ${e}: ${t}
`)}var Dt=M({hookSpecificOutput:M({hookEventName:I("PreToolUse"),permissionDecision:I("deny"),permissionDecisionReason:l()})}),Ct=M({hookSpecificOutput:M({hookEventName:ce(["PostToolUse","PostToolUseFailure","SessionStart","UserPromptExpansion","UserPromptSubmit"]),additionalContext:l()})}),Nt=M({decision:I("block"),reason:l()}),we=8e3;function bn(e){return e.length<=we?e:`${e.slice(0,we-20)}
\u2026 (shortened)`}function Se(e,t){return{hookSpecificOutput:{hookEventName:e,additionalContext:bn(t)}}}var d=require("node:fs"),D=require("node:path");var b=require("node:fs"),J=require("node:path");function fe(e,t,n){let r=(0,b.existsSync)(e)&&(0,b.lstatSync)(e).isSymbolicLink()?(0,b.realpathSync)(e):e;(0,b.mkdirSync)((0,J.dirname)(r),{recursive:!0});let s=`${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2,10)}`,i=(0,J.join)((0,J.dirname)(r),`.${s}.run-tests-skill.tmp`);try{(0,b.writeFileSync)(i,t,n===void 0?void 0:{mode:n});let u=n??((0,b.existsSync)(r)?(0,b.statSync)(r).mode&511:void 0);u!==void 0&&(0,b.chmodSync)(i,u),(0,b.renameSync)(i,r)}catch(u){throw(0,b.rmSync)(i,{force:!0}),u}}var Oe=require("node:child_process");function Re(e,t,n){let r=n.maxBuffer??1048576;return new Promise(s=>{let i=[],u=[],p=0,c=0,y=!1,f=!1,_=!1,U=(v,F=!1)=>{_||(_=!0,clearTimeout(K),s({exitCode:v,stdout:Buffer.concat(i).toString("utf8"),stderr:Buffer.concat(u).toString("utf8"),failed:v!==0||y||f,missing:F,timedOut:y}))},O;try{O=(0,Oe.spawn)(e,t,{cwd:n.cwd,env:n.env??process.env,stdio:["ignore","pipe","pipe"],windowsHide:!0})}catch{U(void 0);return}let K=setTimeout(()=>{y=!0,O.kill("SIGTERM")},n.timeoutMs),j=(v,F)=>ve=>{if(F(ve.length)>r){f=!0,O.kill("SIGTERM");return}v.push(ve)};O.stdout?.on("data",j(i,v=>p+=v)),O.stderr?.on("data",j(u,v=>c+=v)),O.on("error",v=>U(void 0,v.code==="ENOENT")),O.on("close",v=>U(v??void 0))})}var Ae=/^[a-z0-9]+(-[a-z0-9]+)*$/;var En=["name","description","license","compatibility","metadata","allowed-tools"],Mt=[...En,"when_to_use","argument-hint","arguments","disable-model-invocation","user-invocable","disallowed-tools","model","effort","context","agent","background","hooks","paths","shell","version"];var _n=h(l(),w(/^(?!(PATH|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|LD_\w*|DYLD_\w*|PYTHON\w*|GIT_\w*|PYTEST_\w*)=)[A-Za-z_]\w*=\S*$/,"must be NAME=VALUE without spaces (e.g. CI=true, UV_PROJECT_ENVIRONMENT=py*), and not a variable that changes what runs (PATH, LD_*, PYTHON*, GIT_*, PYTEST_*)")),a=h(l(),w(/\S/,"must not be empty")),$=h(l(),w(/^[^\n]*\S[^\n]*$/,"must be a command on one line")),$e=e=>h(m($,`expected a list of ${e}`),N(1,`needs at least one ${e}`)),De=h(l(),w(/^--?[A-Za-z0-9][\w-]*$/,"must look like --name or -x (no value, no =)")),wn=k({flag:h(a,A("The flag as it is added, e.g. --tb=short.")),why:a,dropped_by:o(h(m(a),A('User flags that replace this default (prefix match: "--tb" drops "--tb=short").')),[]),omit_when:o(a)}),Ce=k({flag:De,aliases:o(m(De),[]),purpose:a,value_name:o(h(l(),w(/^[\w-]+$/,"must be a word such as level or key"),A("Shown as <name>."))),values:o(h(m(a),N(1,"needs at least one value when given"))),default:o(a),max_values:o(h(P(),q(),W(1))),requires:o(m(a),[]),note:o(a)}),Sn=k({args:l(),means:a,command:o($)}),On=k({title:a,why:a,when:o(a),run:$e("command"),on_failure:a,fix:o(m($),[])}),Rn=k({title:a,why:o(a),run:$e("command"),background:o(T(),!1)}),An=k({test:h(l(),w(/^[^\s*?]+$/,"must be a pytest node id or its prefix (no spaces or glob characters)")),why:a}),Tn=k({local_network:o(T(),!0),unix_sockets:o(T(),!0),write:o(m(h(l(),w(/^(\/|~\/)[^\n]*$/,"must be an absolute path or start with ~/"))),["/tmp"]),incompatible:o(m(An),[])}),In=k({rules:o(m(a),[]),commands:o(m($),[])}),Pn=k({path:a,note:a}),Dn=k({changed:h(m(a),N(1,"needs at least one changed path")),tests:h(m(a),N(1,"needs at least one test path")),note:o(a)}),Cn=k({path:h(l(),w(/^(?!\/)(?!\.\.?\/)\S+\.py$/,"must be a repo-relative .py path such as tests/test_x.py")),name:h(l(),w(/^[\w:]+$/,"must be a test name without [params]")),params:o(h(m(a),N(1,"list at least one parametrisation, or leave params out"))),example_params:o(m(a),[]),signatures:h(m(a,"a known-flaky entry needs `signatures`, a list of crash signatures (e.g. trio.TooSlowError); without one any failure would be excused"),N(1,"a known-flaky entry needs at least one failure signature; without one any failure would be excused"),A("Crash signatures that make a failure of this test known-flaky (e.g. trio.TooSlowError); at least one, since without one any failure would be excused")),note:a}),Nn=k({stale_server:o(a),capture_pipe:o(a),import_error:o(a)}),$n=h(l(),w(/^[a-z][a-z0-9-]*(?: [^\s-][^\s]*)*$/,"must be a git subcommand and optionally its next words, such as stash or stash pop")),Fn=k({allow:o(h(m($n),A("Git forms the maintainers allow the agent to run in this repo (default none): `stash` allows every `git stash ...`, `stash pop` only `git stash pop ...`. The guard denies every other git mutation; doctor lists these.")),[]),enforce:o(h(T(),A("true (default): the guard refuses git mutations (commit, merge, fetch, stash, ...) in every turn, not only in /run-tests turns. false: outside /run-tests turns the guard lets git mutations run in this repository; in a /run-tests turn the skill's allowed-tools and the rule still apply. doctor shows the state.")),!0)}),Ne=6e5,jn=k({suite_ms:h(P(),q(),W(1e3),ee(Ne)),file_ms:h(P(),q(),W(1e3),ee(Ne))}),Fe=["trio.TooSlowError","pexpect.exceptions.TIMEOUT","Failed: Timeout","TimeoutError"],Ln=h(l(),w(/^[A-Za-z][\w-]*(\([^(),\n]+\))?$/,"must be a permission rule such as Read or Bash(python -m pytest *), without commas")),je=k({extends:o(h(a,A("A built-in profile (tractor, generic) or a path relative to this file."))),skill:k({name:h(l(),w(Ae,"must be lowercase letters, digits and single hyphens"),X(64,`must be at most ${64} characters`)),description:h(l(),w(/^(?![\s\S]*---)[^<>]*\S[^<>]*$/,"must be non-empty text without <, > or ---"),X(1024,`must be at most ${1024} characters`)),argument_hint:a,compatibility:o(h(a,X(500,`must be at most ${500} characters`))),commit_message_skill:o(a)}),project:k({name:a,package:o(a),tests_dir:a,about:o(a)}),runner:k({python:o(h($,A("The project's interpreter, e.g. .venv/bin/python or python3; {{python}} elsewhere in the profile. Default: what base runs under, else python.")),ue),base:o(h($,A("The pytest command, e.g. uv run pytest; {{pytest}} elsewhere. Default: {{python}} -m pytest.")),Z),env:o(m(_n),[]),also:o(m($),[]),commands:o(h(m($),A("The repository's own test commands and accepted equivalents (e.g. tox -e py311 --, nox -s tests-3.11 --, make test, uv run --locked pytest, PYTHONPATH=src python -m pytest): each is allowed while the skill runs, with any arguments after it, and recognised by the report. A trailing -- passes the rest to pytest.")),[]),default_flags:o(m(wn),[]),timeouts:jn}),options:k({closed:o(T(),!1),also_accept:o(m(a),[]),project:o(m(Ce),[]),pytest:o(m(Ce),[])}),examples:o(m(Sn),[]),path_resolution:o(In,{}),preflight:o(m(On),[]),layout:o(m(Pn),[]),mapping:o(m(Dn),[]),stop_gate:o(h(T(),A("Stop gate: before the agent ends its turn, ask once for the mapped tests of every source file changed in the session that no pytest run covered since (true by default for an installed profile; the plugin's own default profile never gates). false turns it off.")),!0),log:o(h(T(),A("Decision log: every hook appends one line per decision (time, session, hook, command or path, decision, rule) to the install's state folder, bounded by rotation, never file contents; read it with `run-tests-skill log`. RUN_TESTS_SKILL_LOG=1 in Claude Code's environment turns it on as well, =0 off.")),!1),quick_checks:o(m(Rn),[]),sandbox:o(Tn,{}),timeout_signatures:o(m(a),Fe),hang_sections:o(m(a),[]),known_flaky:o(m(Cn),[]),hints:o(Nn,{}),show_changes:o(m($),[]),git:o(Fn,{}),allowed_tools:h(m(Ln),N(1,"needs at least one permission rule")),gotchas:o(m(a),[])});var se="run_tests_skill_reporter",Le="RUN_TESTS_SKILL_REPORT_DIR";var Ue="# run-tests-skill: streaming pytest reporter",Bn=7;function Me(e){return`'${e.replace(/'/g,"'\\''")}'`}function qn(e,t){return[`${Ue} (delete these lines to turn it off)`,`export ${Le}=${Me(t)}`,`export PYTHONPATH=${Me(e)}"\${PYTHONPATH:+:$PYTHONPATH}"`,`export PYTEST_ADDOPTS="-p ${se}\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`]}function Xn(e){let t=(e??"").replace(/[^A-Za-z0-9_-]/g,"_").slice(0,80);return t===""?"default":t}function Wn(e,t){return(0,D.join)(e,Xn(t))}function Vn(e){try{let t=(0,d.lstatSync)(e);if(t.isSymbolicLink())return`${e} is a symbolic link; remove it (the reporter stays off)`;if(!t.isDirectory())return`${e} is not a folder; remove it (the reporter stays off)`}catch{}return null}function Hn(e){return(0,D.join)(e,"reporter")}function Jn(e,t){let n=Hn(e);(0,d.mkdirSync)(n,{recursive:!0});let r=(0,D.join)(n,`${se}.py`);return((0,d.existsSync)(r)?(0,d.readFileSync)(r,"utf8"):null)!==t&&fe(r,t),n}function Kn(e,t){let n=e.trim().split(/\s+/),r=[],s=n[0]??"";if(/(?:^|\/)python[\d.]*$/.test(s))if(s.includes("*")){let[u,...p]=s.split("/"),c=new RegExp(`^${(u??"").replace(/[.+^${}()|[\]\\]/g,"\\$&").replace(/\*/g,".*")}$`);try{for(let y of(0,d.readdirSync)(t).filter(f=>c.test(f)).sort().reverse()){let f=(0,D.join)(t,y,...p);(0,d.existsSync)(f)&&r.push(f)}}catch{}}else r.push(s.includes("/")&&!s.startsWith("/")?(0,D.join)(t,s):s);let i=(0,D.join)(t,".venv","bin","python");return(0,d.existsSync)(i)&&r.push(i),r.push("python3","python"),[...new Set(r)]}async function Zn(e,t,n){let r=await Re(e,t,{env:{...process.env,...n},timeoutMs:4e3});return{exitCode:r.exitCode,failed:r.failed,missing:r.missing||r.exitCode===127}}async function Ge(e){let t=Jn(e.stateDir,e.source),n=Vn(e.spoolDir);if(n)return{enabled:!1,reason:n};let r=Wn(e.spoolDir,e.sessionId);(0,d.mkdirSync)(r,{recursive:!0});let s=(0,D.join)(e.spoolDir,".gitignore");(0,d.existsSync)(s)||fe(s,`# run-tests-skill: streaming pytest reports, local only
*
`),Yn(e.spoolDir,e.now??Date.now(),r);let i=e.run??Zn,u;for(let y of Kn(e.runnerBase,e.projectDir)){let f={...process.env,PYTHONPATH:t,PYTHONDONTWRITEBYTECODE:"1"},_=await i(y,["-c",`import ${se}`],f).catch(()=>({exitCode:void 0,failed:!0,missing:!0}));if(_.exitCode===0){u=y;break}if(!_.missing)return{enabled:!1,reason:`${y} could not import the reporter module`}}if(!u)return{enabled:!1,reason:"no Python interpreter found"};let p=(0,d.existsSync)(e.envFile)?(0,d.readFileSync)(e.envFile,"utf8"):"";if(p.includes(Ue))return{enabled:!0,reason:"already enabled",python:u};(0,d.mkdirSync)((0,D.dirname)(e.envFile),{recursive:!0});let c=p===""||p.endsWith(`
`)?"":`
`;return(0,d.appendFileSync)(e.envFile,`${c}${qn(t,r).join(`
`)}
`),{enabled:!0,reason:"enabled",python:u}}function Yn(e,t,n){let r=[];try{r=(0,d.readdirSync)(e)}catch{return}for(let s of r){let i=(0,D.join)(e,s);if(!(i===n||s===".gitignore"))try{let u=(0,d.lstatSync)(i);if(t-u.mtimeMs<=Bn*864e5)continue;u.isDirectory()?(0,d.rmSync)(i,{recursive:!0,force:!0}):(0,d.unlinkSync)(i)}catch{}}}var ze=`# run-tests-skill: a streaming JSONL reporter for pytest (stdlib only, Python 3.8+).
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
`;var S=require("node:fs"),ye=require("node:path");var Qn={0:e=>"profile"in e?{...e,format:1}:{source:"(unknown)",profile:e,format:1}};function et(e){if(!e||typeof e!="object"||Array.isArray(e))return"invalid";let t=e.format;return t===void 0?0:typeof t=="number"&&Number.isInteger(t)&&t>=0?t:"invalid"}function nt(e,t){return`${e} has profile format ${t}, newer than this run-tests-skill knows (format 1): it was written by a newer release. Update run-tests-skill (the npm package, or the plugin) to the release that wrote it, or run \`run-tests-skill init\` of this release to rewrite it. Until then the hooks ignore it: the git rule keeps its defaults, /run-tests turns are refused, the stop gate is off.`}function ie(e,t){let n=et(e);if(n==="invalid")return{ok:!1,newer:!1,problem:`${t}: not a compiled profile (expected a JSON object with a whole-number "format")`};if(n>1)return{ok:!1,newer:!0,problem:nt(t,n)};let r=e;for(let s=n;s<1;s++){let i=Qn[s];if(!i)return{ok:!1,newer:!1,problem:`${t}: no migration from format ${s}`};r=i(r)}return{ok:!0,profile:r.profile,format:1,source:typeof r.source=="string"?r.source:null,migratedFrom:n<1?n:null}}var tt="RUN_TESTS_SKILL_LOG",rt="decisions.jsonl",st="decisions.1.jsonl",it=1024*1024,ot=400;function ut(e,t){let n=e[tt]??"";if(/^(?:1|on|true|yes)$/i.test(n))return!0;if(/^(?:0|off|false|no)$/i.test(n))return!1;let r=ie(t(),"profile.json");return r.ok&&r.profile?.log===!0}function lt(e,t=ot){return e.length<=t?e:`${e.slice(0,t)}\u2026[${e.length-t} more chars]`}function ct(e,t){let n={t:new Date(t).toISOString()};for(let[r,s]of Object.entries(e))typeof s=="string"&&(n[r]=lt(s));return`${JSON.stringify(n)}
`}function at(e,t,n=Date.now(),r=it){try{let s=ct(t,n),i=(0,ye.join)(e,rt),u=0;try{u=(0,S.statSync)(i).size}catch{(0,S.mkdirSync)(e,{recursive:!0})}u>0&&u+s.length>r&&(0,S.renameSync)(i,(0,ye.join)(e,st));let p=(0,S.openSync)(i,"a",384);try{(0,S.writeSync)(p,s)}finally{(0,S.closeSync)(p)}}catch{}}function Be(e,t,n,r){try{ut(e,n)&&at(t,r)}catch{}}function qe(e){if(!e)return null;try{return JSON.parse((0,S.readFileSync)(e,"utf8"))}catch{return null}}var me=require("node:fs"),E=require("node:path");var Xe=[{path:".claude/run-tests-skill",kind:"dir",what:"run-tests-skill's install (hook bundles, compiled profile, state)"},{path:".claude/settings.json",kind:"file",what:"the project's Claude Code settings (hook registrations, sandbox)"},{path:".claude/settings.local.json",kind:"file",what:"the project's local Claude Code settings"},{path:".claude/skills",kind:"dir",what:"the project's skills (the allowed-tools the guard enforces)"}],We=".claude/run-tests-skill-reports";var He=(0,E.join)(".claude","run-tests-skill"),Ve="profile.json",pt=(0,E.join)(He,"state");function Je(e,t,n=process.env){let r=(0,E.join)(e,He,Ve),s=(0,me.existsSync)(r),i=s?r:[(0,E.join)(t,"..",Ve)].find(c=>(0,me.existsSync)(c))??null,u=n.CLAUDE_PLUGIN_DATA,p=!s&&u?(0,E.join)(u,"projects",ft(e)):null;return{projectDir:e,installed:s,profileFile:i&&(0,E.resolve)(i),stateDir:p?(0,E.join)(p,"state"):(0,E.join)(e,pt),spoolDir:p?(0,E.join)(p,"reports"):(0,E.join)(e,We)}}function ft(e){return(0,E.resolve)(e).replace(/[^A-Za-z0-9._-]+/g,"-")}function Ke(e,t){return(0,E.resolve)(e.CLAUDE_PROJECT_DIR||t||process.cwd())}function Ze(){return typeof __dirname=="string"?__dirname:(0,E.dirname)((0,E.resolve)(process.argv[1]??"."))}var Ye=require("node:fs");function Qe(e){if(!e)return{ok:!1,problem:"no compiled profile found (run `run-tests-skill init` or install the plugin)"};let t;try{t=JSON.parse((0,Ye.readFileSync)(e,"utf8"))}catch(s){return{ok:!1,problem:`${e}: cannot read the compiled profile (${s.message})`}}let n=ie(t,e);if(!n.ok)return{ok:!1,problem:n.problem,...n.newer?{newerFormat:!0}:{}};let r=te(je,n.profile);if(!r.success){let s=r.issues[0];return{ok:!1,problem:`${e}: invalid profile at ${s?Q(s):"?"}: ${s?.message}`}}return{ok:!0,profile:r.output,file:e,migratedFrom:n.migratedFrom}}var B=require("node:fs"),tn=require("node:os"),g=require("node:path");var yt={guaranteed:"guaranteed (sandbox barrier on)","best-effort":"best effort (no barrier; `run-tests-skill init --sandbox` turns it on)"};function en(e){return`git rule enforcement: ${yt[e]}`}var he=e=>e!==null&&typeof e=="object"&&!Array.isArray(e);function nn(e,t){return e==="~"||e.startsWith("~/")?(0,g.join)((0,tn.homedir)(),e.slice(1)):(0,g.isAbsolute)(e)?(0,g.resolve)(e):(0,g.resolve)(t,e)}function de(e){try{return(0,B.readFileSync)(e,"utf8")}catch{return null}}function mt(e){let t=(0,g.resolve)(e);for(;;){let n=(0,g.join)(t,".git");if((0,B.existsSync)(n))return n;let r=(0,g.dirname)(t);if(r===t)return null;t=r}}function ht(e){let t=mt(e);if(!t)return[];let n=[t],r=t,s=!1;try{s=(0,B.statSync)(t).isFile()}catch{return n}if(s){let u=/^gitdir:\s*(.+?)\s*$/m.exec(de(t)??"")?.[1];if(!u)return n;r=(0,g.resolve)((0,g.dirname)(t),u),n.push(r)}let i=de((0,g.join)(r,"commondir"))?.trim();return i&&n.push((0,g.resolve)(r,i)),[...new Set(n)]}function dt(e,t){let n=(0,g.relative)((0,g.resolve)(t),e);return n===""||n.startsWith("..")||(0,g.isAbsolute)(n)?e:n.split(g.sep).join("/")}function vt(e){let t=[...Xe.map(n=>n.path),".git"];for(let n of ht(e))t.push(dt(n,e));return[...new Set(t)]}var gt=(e,t)=>e===t||e.startsWith(t.endsWith(g.sep)?t:t+g.sep);function xt(e,t,n){let r=t.flatMap(s=>typeof s=="string"&&s.trim()!==""?[nn(s.replace(/\/+$/,"")||"/",n)]:[]);return e.filter(s=>{let i=nn(s,n);return!r.some(u=>gt(i,u))})}function kt(e,t){let n=he(e)?e.sandbox:void 0,r=vt(t);if(!he(n)||n.enabled!==!0||n.allowUnsandboxedCommands!==!1)return{on:!1,sandboxOff:!0,missing:r};let s=n.filesystem;if(!he(s)||s.disabled===!0)return{on:!1,sandboxOff:!0,missing:r};let i=xt(r,Array.isArray(s.denyWrite)?s.denyWrite:[],t);return i.length===0?{on:!0}:{on:!1,sandboxOff:!1,missing:i}}function bt(e){let t=de((0,g.join)(e,".claude","settings.json"));if(t===null)return null;try{return JSON.parse(t.charCodeAt(0)===65279?t.slice(1):t)}catch{return null}}function rn(e){return kt(bt(e),e)}function sn(e){if(e.on)return`run-tests-skill: ${en("guaranteed")}.`;let t=[`run-tests-skill: ${en("best-effort")}.`];return e.sandboxOff||t.push(`The Bash sandbox is on, but its filesystem.denyWrite no longer covers ${e.missing.join(", ")} (the git layout changed since init?), so those are writable from inside it. Tell the user: \`run-tests-skill init --sandbox\` covers them again.`),t.join(`
`)}var oe="session-start";async function Et(){let e=Ee(await be(),pe);if(!e.ok){re(oe,e.problem);return}let t=e.value,n=Ke(process.env,t.cwd);if(!(0,on.existsSync)(n))return;_e(Se("SessionStart",sn(rn(n))));let r=process.env.CLAUDE_ENV_FILE;if(!r||/^(?:0|off|false|no)$/i.test(process.env.RUN_TESTS_SKILL_REPORTER??""))return;let s=Je(n,Ze()),i=Qe(s.profileFile),u=await Ge({stateDir:s.stateDir,spoolDir:s.spoolDir,projectDir:n,sessionId:t.session_id,envFile:r,runnerBase:i.ok?i.profile.runner.base:Z,source:ze});u.enabled||re(oe,`streaming reporter not enabled: ${u.reason}`),Be(process.env,s.stateDir,()=>qe(s.profileFile),{hook:oe,...t.session_id?{session:t.session_id}:{},event:"SessionStart",decision:u.enabled?"reporter-on":"reporter-off",rule:"streaming-reporter"})}Et().catch(e=>re(oe,`internal error: ${e instanceof Error?e.message:String(e)}`)).finally(()=>{process.exitCode=0});
