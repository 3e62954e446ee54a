// Built by hooks/build.ts from hooks/entry; do not edit.
"use strict";var en=require("node:fs");var se="python";var nn="{{python}}",st=`${nn} -m pytest`;var K=`${se} -m pytest`;var Z,tn={lang:void 0,message:void 0,abortEarly:void 0,abortPipeEarly:void 0};function me(e){return!e&&!Z?tn:{lang:e?.lang??Z?.lang,message:e?.message,abortEarly:e?.abortEarly??Z?.abortEarly,abortPipeEarly:e?.abortPipeEarly??Z?.abortPipeEarly}}var rn;function sn(e){return rn?.get(e)}var on;function un(e){return on?.get(e)}var ln;function cn(e,t){return ln?.get(e)?.get(t)}function L(e){let t=typeof e;return t==="string"?`"${e}"`:t==="number"||t==="bigint"||t==="boolean"?`${e}`:t==="object"||t==="function"?(e&&Object.getPrototypeOf(e)?.constructor?.name)??"null":t}function x(e,t,n,r,s){let i=s&&"input"in s?s.input:n.value,o=s?.expected??e.expects??null,p=s?.received??L(i),l={kind:e.kind,type:e.type,input:i,expected:o,received:p,message:`Invalid ${t}: ${o?`Expected ${o} but r`:"R"}eceived ${p}`,requirement:e.requirement,path:s?.path,issues:s?.issues,lang:r.lang,abortEarly:r.abortEarly,abortPipeEarly:r.abortPipeEarly},y=e.kind==="schema",f=s?.message??e.message??cn(e.reference,l.lang)??(y?un(l.lang):null)??r.message??sn(l.lang);f!==void 0&&(l.message=typeof f=="function"?f(l):f),y&&(n.typed=!1),n.issues?n.issues.push(l):n.issues=[l]}function an(e,t){return e===t||Number.isNaN(e)&&Number.isNaN(t)}function de(e,t){return Object.prototype.hasOwnProperty.call(e,t)&&t!=="__proto__"&&t!=="prototype"&&t!=="constructor"}function ve(e,t){let n=[...new Set(e)];return n.length>1?`(${n.join(` ${t} `)})`:n[0]??"never"}function S(e){return e["~standard"]={version:1,vendor:"valibot",validate:t=>e["~run"]({value:t},me())},e}function Y(e){if(e.path){let t="";for(let n of e.path)if(typeof n.key=="string"||typeof n.key=="number")t?t+=`.${n.key}`:t+=n.key;else return null;return t}return null}var ot=new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$","u");function R(e){return{kind:"metadata",type:"description",reference:R,description:e}}function G(e){return{kind:"validation",type:"integer",reference:G,async:!1,expects:null,requirement:Number.isInteger,message:e,"~run"(t,n){return t.typed&&!this.requirement(t.value)&&x(this,"integer",t,n),t}}}function q(e,t){return{kind:"validation",type:"max_length",reference:q,async:!1,expects:`<=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length>this.requirement&&x(this,"length",n,r,{received:`${n.value.length}`}),n}}}function Q(e,t){return{kind:"validation",type:"max_value",reference:Q,async:!1,expects:`<=${e instanceof Date?e.toJSON():L(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value<=this.requirement)&&x(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():L(n.value)}),n}}}function C(e,t){return{kind:"validation",type:"min_length",reference:C,async:!1,expects:`>=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length<this.requirement&&x(this,"length",n,r,{received:`${n.value.length}`}),n}}}function X(e,t){return{kind:"validation",type:"min_value",reference:X,async:!1,expects:`>=${e instanceof Date?e.toJSON():L(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value>=this.requirement)&&x(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():L(n.value)}),n}}}function A(e,t){return{kind:"validation",type:"regex",reference:A,async:!1,expects:`${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!this.requirement.test(n.value)&&x(this,"format",n,r),n}}}var pn={abortEarly:!0};function ie(e,t,n){return typeof e.fallback=="function"?e.fallback(t,n):e.fallback}function ee(e,t,n){return typeof e.default=="function"?e.default(t,n):e.default}function h(e,t){return S({kind:"schema",type:"array",reference:h,expects:"Array",async:!1,item:e,message:t,"~run"(n,r){let s=n.value;if(Array.isArray(s)){n.typed=!0,n.value=[];for(let i=0;i<s.length;i++){let o=s[i],p=this.item["~run"]({value:o},r);if(p.issues){let l={type:"array",origin:"value",input:s,key:i,value:o};for(let y of p.issues)y.path?y.path.unshift(l):y.path=[l],n.issues?.push(y);if(n.issues||(n.issues=p.issues),r.abortEarly){n.typed=!1;break}}p.typed||(n.typed=!1),n.value.push(p.value)}}else x(this,"type",n,r);return n}})}function P(e){return S({kind:"schema",type:"boolean",reference:P,expects:"boolean",async:!1,message:e,"~run"(t,n){return typeof t.value=="boolean"?t.typed=!0:x(this,"type",t,n),t}})}function O(e,t){return S({kind:"schema",type:"literal",reference:O,expects:L(e),async:!1,literal:e,message:t,"~run"(n,r){return an(n.value,this.literal)?n.typed=!0:x(this,"type",n,r),n}})}function D(e,t){return S({kind:"schema",type:"loose_object",reference:D,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let o=this.entries[i];if(i in s||(o.type==="exact_optional"||o.type==="optional"||o.type==="nullish")&&o.default!==void 0){let p=i in s?s[i]:ee(o),l=o["~run"]({value:p},r);if(l.issues){let y={type:"object",origin:"value",input:s,key:i,value:p};for(let f of l.issues)f.path?f.path.unshift(y):f.path=[y],n.issues?.push(f);if(n.issues||(n.issues=l.issues),r.abortEarly){n.typed=!1;break}}l.typed||(n.typed=!1),n.value[i]=l.value}else if(o.fallback!==void 0)n.value[i]=ie(o);else if(o.type!=="exact_optional"&&o.type!=="optional"&&o.type!=="nullish"&&(x(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly)for(let i in s)de(s,i)&&!Object.prototype.hasOwnProperty.call(this.entries,i)&&(n.value[i]=s[i])}else x(this,"type",n,r);return n}})}function I(e){return S({kind:"schema",type:"number",reference:I,expects:"number",async:!1,message:e,"~run"(t,n){return typeof t.value=="number"&&!isNaN(t.value)?t.typed=!0:x(this,"type",t,n),t}})}function F(e,t){return S({kind:"schema",type:"object",reference:F,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let o=this.entries[i];if(i in s||(o.type==="exact_optional"||o.type==="optional"||o.type==="nullish")&&o.default!==void 0){let p=i in s?s[i]:ee(o),l=o["~run"]({value:p},r);if(l.issues){let y={type:"object",origin:"value",input:s,key:i,value:p};for(let f of l.issues)f.path?f.path.unshift(y):f.path=[y],n.issues?.push(f);if(n.issues||(n.issues=l.issues),r.abortEarly){n.typed=!1;break}}l.typed||(n.typed=!1),n.value[i]=l.value}else if(o.fallback!==void 0)n.value[i]=ie(o);else if(o.type!=="exact_optional"&&o.type!=="optional"&&o.type!=="nullish"&&(x(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}}else x(this,"type",n,r);return n}})}function u(e,t){return S({kind:"schema",type:"optional",reference:u,expects:`(${e.expects} | undefined)`,async:!1,wrapped:e,default:t,"~run"(n,r){return n.value===void 0&&(this.default!==void 0&&(n.value=ee(this,n,r)),n.value===void 0)?(n.typed=!0,n):this.wrapped["~run"](n,r)}})}function oe(e,t){return S({kind:"schema",type:"picklist",reference:oe,expects:ve(e.map(L),"|"),async:!1,options:e,message:t,"~run"(n,r){return this.options.includes(n.value)?n.typed=!0:x(this,"type",n,r),n}})}function W(e,t,n){return S({kind:"schema",type:"record",reference:W,expects:"Object",async:!1,key:e,value:t,message:n,"~run"(r,s){let i=r.value;if(i&&typeof i=="object"){r.typed=!0,r.value={};for(let o in i)if(de(i,o)){let p=i[o],l=this.key["~run"]({value:o},s);if(l.issues){let f={type:"object",origin:"key",input:i,key:o,value:p};for(let _ of l.issues)_.path=[f],r.issues?.push(_);if(r.issues||(r.issues=l.issues),s.abortEarly){r.typed=!1;break}}let y=this.value["~run"]({value:p},s);if(y.issues){let f={type:"object",origin:"value",input:i,key:o,value:p};for(let _ of y.issues)_.path?_.path.unshift(f):_.path=[f],r.issues?.push(_);if(r.issues||(r.issues=y.issues),s.abortEarly){r.typed=!1;break}}(!l.typed||!y.typed)&&(r.typed=!1),l.typed&&(r.value[l.value]=y.value)}}else x(this,"type",r,s);return r}})}function k(e,t){return S({kind:"schema",type:"strict_object",reference:k,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let s=n.value;if(s&&typeof s=="object"){n.typed=!0,n.value={};for(let i in this.entries){let o=this.entries[i];if(i in s||(o.type==="exact_optional"||o.type==="optional"||o.type==="nullish")&&o.default!==void 0){let p=i in s?s[i]:ee(o),l=o["~run"]({value:p},r);if(l.issues){let y={type:"object",origin:"value",input:s,key:i,value:p};for(let f of l.issues)f.path?f.path.unshift(y):f.path=[y],n.issues?.push(f);if(n.issues||(n.issues=l.issues),r.abortEarly){n.typed=!1;break}}l.typed||(n.typed=!1),n.value[i]=l.value}else if(o.fallback!==void 0)n.value[i]=ie(o);else if(o.type!=="exact_optional"&&o.type!=="optional"&&o.type!=="nullish"&&(x(this,"key",n,r,{input:void 0,expected:`"${i}"`,path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly){for(let i in s)if(!Object.prototype.hasOwnProperty.call(this.entries,i)){x(this,"key",n,r,{input:i,expected:"never",path:[{type:"object",origin:"key",input:s,key:i,value:s[i]}]});break}}}else x(this,"type",n,r);return n}})}function c(e){return S({kind:"schema",type:"string",reference:c,expects:"string",async:!1,message:e,"~run"(t,n){return typeof t.value=="string"?t.typed=!0:x(this,"type",t,n),t}})}function U(){return S({kind:"schema",type:"unknown",reference:U,expects:"unknown",async:!1,"~run"(e){return e.typed=!0,e}})}function ue(e,t,n){return S({kind:"schema",type:"variant",reference:ue,expects:"Object",async:!1,key:e,options:t,message:n,"~run"(r,s){let i=r.value;if(i&&typeof i=="object"){let o,p=0,l=this.key,y=[],f=(_,M)=>{for(let w of _.options){if(w.type==="variant")f(w,new Set(M).add(w.key));else{let J=!0,j=0;for(let v of M){let N=w.entries[v];if(v in i?N["~run"]({typed:!1,value:i[v]},pn).issues:N.type!=="exact_optional"&&N.type!=="optional"&&N.type!=="nullish"){J=!1,l!==v&&(p<j||p===j&&v in i&&!(l in i))&&(p=j,l=v,y=[]),l===v&&y.push(w.entries[v].expects);break}j++}if(J){let v=w["~run"]({value:i},s);(!o||!o.typed&&v.typed)&&(o=v)}}if(o&&!o.issues)break}};if(f(this,new Set([this.key])),o)return o;x(this,"type",r,s,{input:i[l],expected:ve(y,"|"),path:[{type:"object",origin:"value",input:i,key:l,value:i[l]}]})}else x(this,"type",r,s);return r}})}function m(...e){return S({...e[0],pipe:e,"~run"(t,n){for(let r of e)if(r.kind!=="metadata"){if(t.issues&&(r.kind==="schema"||r.kind==="transformation")){t.typed=!1;break}(!t.issues||!n.abortEarly&&!n.abortPipeEarly)&&(t=r["~run"](t,n))}return t}})}function ne(e,t,n){let r=e["~run"]({value:t},me(n));return{typed:r.typed,success:!r.issues,output:r.value,issues:r.issues}}var z={session_id:u(c()),transcript_path:u(c()),cwd:u(c()),permission_mode:u(c()),prompt_id:u(c()),agent_id:u(c()),agent_type:u(c())},ut=D({command:c(),description:u(c()),timeout:u(I()),run_in_background:u(P())}),lt=D({stdout:u(c()),stderr:u(c()),interrupted:u(P()),returnCodeInterpretation:u(c()),backgroundTaskId:u(c()),timedOutAfterMs:u(I()),persistedOutputPath:u(c()),persistedOutputSize:u(I())}),fn=D({...z,hook_event_name:O("PreToolUse"),tool_name:c(),tool_input:W(c(),U()),tool_use_id:u(c())}),yn=D({...z,hook_event_name:O("PostToolUse"),tool_name:c(),tool_input:W(c(),U()),tool_response:U(),tool_use_id:u(c()),duration_ms:u(I())}),hn=D({...z,hook_event_name:O("PostToolUseFailure"),tool_name:c(),tool_input:W(c(),U()),tool_use_id:u(c()),error:c(),is_interrupt:u(P()),duration_ms:u(I())}),mn=D({...z,hook_event_name:O("UserPromptExpansion"),expansion_type:u(c()),command_name:u(c()),command_args:u(c()),command_source:u(c()),prompt:u(c())}),le=D({...z,hook_event_name:O("SessionStart"),source:u(c())}),ct=D({...z,hook_event_name:O("Stop"),stop_hook_active:u(P()),last_assistant_message:u(c())}),at=ue("hook_event_name",[fn,yn,hn,mn,le]);async function ge(e=process.stdin){let t=[];for await(let n of e)t.push(typeof n=="string"?Buffer.from(n):n);return Buffer.concat(t).toString("utf8")}function xe(e,t){let n=e.trim();if(n==="")return{ok:!1,problem:"empty stdin"};let r;try{r=JSON.parse(n)}catch(i){return{ok:!1,problem:`stdin is not JSON (${i.message})`}}let s=ne(t,r);if(!s.success){let i=s.issues[0],o=i?Y(i):null;return{ok:!1,problem:`unexpected hook input${o?` at ${o}`:""}: ${i?.message??"?"}`}}return{ok:!0,value:s.output}}function ke(e){e&&process.stdout.write(`${JSON.stringify(e)}
`)}function te(e,t){process.stderr.write(`run-tests-skill ${e}: ${t}
`)}var yt=F({hookSpecificOutput:F({hookEventName:O("PreToolUse"),permissionDecision:O("deny"),permissionDecisionReason:c()})}),ht=F({hookSpecificOutput:F({hookEventName:oe(["PostToolUse","PostToolUseFailure","SessionStart","UserPromptExpansion","UserPromptSubmit"]),additionalContext:c()})}),mt=F({decision:O("block"),reason:c()}),be=8e3;function dn(e){return e.length<=be?e:`${e.slice(0,be-20)}
\u2026 (shortened)`}function Ee(e,t){return{hookSpecificOutput:{hookEventName:e,additionalContext:dn(t)}}}var d=require("node:fs"),T=require("node:path");var b=require("node:fs"),H=require("node:path");function ce(e,t,n){let r=(0,b.existsSync)(e)&&(0,b.lstatSync)(e).isSymbolicLink()?(0,b.realpathSync)(e):e;(0,b.mkdirSync)((0,H.dirname)(r),{recursive:!0});let s=`${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2,10)}`,i=(0,H.join)((0,H.dirname)(r),`.${s}.run-tests-skill.tmp`);try{(0,b.writeFileSync)(i,t,n===void 0?void 0:{mode:n});let o=n??((0,b.existsSync)(r)?(0,b.statSync)(r).mode&511:void 0);o!==void 0&&(0,b.chmodSync)(i,o),(0,b.renameSync)(i,r)}catch(o){throw(0,b.rmSync)(i,{force:!0}),o}}var _e=require("node:child_process");function we(e,t,n){let r=n.maxBuffer??1048576;return new Promise(s=>{let i=[],o=[],p=0,l=0,y=!1,f=!1,_=!1,M=(v,N=!1)=>{_||(_=!0,clearTimeout(J),s({exitCode:v,stdout:Buffer.concat(i).toString("utf8"),stderr:Buffer.concat(o).toString("utf8"),failed:v!==0||y||f,missing:N,timedOut:y}))},w;try{w=(0,_e.spawn)(e,t,{cwd:n.cwd,env:n.env??process.env,stdio:["ignore","pipe","pipe"],windowsHide:!0})}catch{M(void 0);return}let J=setTimeout(()=>{y=!0,w.kill("SIGTERM")},n.timeoutMs),j=(v,N)=>he=>{if(N(he.length)>r){f=!0,w.kill("SIGTERM");return}v.push(he)};w.stdout?.on("data",j(i,v=>p+=v)),w.stderr?.on("data",j(o,v=>l+=v)),w.on("error",v=>M(void 0,v.code==="ENOENT")),w.on("close",v=>M(v??void 0))})}var Se=/^[a-z0-9]+(-[a-z0-9]+)*$/;var vn=["name","description","license","compatibility","metadata","allowed-tools"],kt=[...vn,"when_to_use","argument-hint","arguments","disable-model-invocation","user-invocable","disallowed-tools","model","effort","context","agent","background","hooks","paths","shell","version"];var gn=m(c(),A(/^(?!(PATH|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|LD_\w*|DYLD_\w*|PYTHON\w*|GIT_\w*|PYTEST_\w*)=)[A-Za-z_]\w*=\S*$/,"must be NAME=VALUE without spaces (e.g. CI=true, UV_PROJECT_ENVIRONMENT=py*), and not a variable that changes what runs (PATH, LD_*, PYTHON*, GIT_*, PYTEST_*)")),a=m(c(),A(/\S/,"must not be empty")),$=m(c(),A(/^[^\n]*\S[^\n]*$/,"must be a command on one line")),De=e=>m(h($,`expected a list of ${e}`),C(1,`needs at least one ${e}`)),Ie=m(c(),A(/^--?[A-Za-z0-9][\w-]*$/,"must look like --name or -x (no value, no =)")),xn=k({flag:m(a,R("The flag as it is added, e.g. --tb=short.")),why:a,dropped_by:u(m(h(a),R('User flags that replace this default (prefix match: "--tb" drops "--tb=short").')),[]),omit_when:u(a)}),Te=k({flag:Ie,aliases:u(h(Ie),[]),purpose:a,value_name:u(m(c(),A(/^[\w-]+$/,"must be a word such as level or key"),R("Shown as <name>."))),values:u(m(h(a),C(1,"needs at least one value when given"))),default:u(a),max_values:u(m(I(),G(),X(1))),requires:u(h(a),[]),note:u(a)}),kn=k({args:c(),means:a,command:u($)}),bn=k({title:a,why:a,when:u(a),run:De("command"),on_failure:a,fix:u(h($),[])}),En=k({title:a,why:u(a),run:De("command"),background:u(P(),!1)}),_n=k({rules:u(h(a),[]),commands:u(h($),[])}),wn=k({path:a,note:a}),Sn=k({changed:m(h(a),C(1,"needs at least one changed path")),tests:m(h(a),C(1,"needs at least one test path")),note:u(a)}),An=k({path:m(c(),A(/^(?!\/)(?!\.\.?\/)\S+\.py$/,"must be a repo-relative .py path such as tests/test_x.py")),name:m(c(),A(/^[\w:]+$/,"must be a test name without [params]")),params:u(m(h(a),C(1,"list at least one parametrisation, or leave params out"))),example_params:u(h(a),[]),signatures:m(h(a,"a known-flaky entry needs `signatures`, a list of crash signatures (e.g. trio.TooSlowError); without one any failure would be excused"),C(1,"a known-flaky entry needs at least one failure signature; without one any failure would be excused"),R("Crash signatures that make a failure of this test known-flaky (e.g. trio.TooSlowError); at least one, since without one any failure would be excused")),note:a}),On=k({stale_server:u(a),capture_pipe:u(a),import_error:u(a)}),Rn=m(c(),A(/^[a-z][a-z0-9-]*(?: [^\s-][^\s]*)*$/,"must be a git subcommand and optionally its next words, such as stash or stash pop")),In=k({allow:u(m(h(Rn),R("Git forms the maintainers allow the agent to run in this repo (default none): `stash` allows every `git stash ...`, `stash pop` only `git stash pop ...`. The guard denies every other git mutation; doctor lists these.")),[])}),Pe=6e5,Tn=k({suite_ms:m(I(),G(),X(1e3),Q(Pe)),file_ms:m(I(),G(),X(1e3),Q(Pe))}),Ce=["trio.TooSlowError","pexpect.exceptions.TIMEOUT","Failed: Timeout","TimeoutError"],Pn=m(c(),A(/^[A-Za-z][\w-]*(\([^(),\n]+\))?$/,"must be a permission rule such as Read or Bash(python -m pytest *), without commas")),Ne=k({extends:u(m(a,R("A built-in profile (tractor, generic) or a path relative to this file."))),skill:k({name:m(c(),A(Se,"must be lowercase letters, digits and single hyphens"),q(64,`must be at most ${64} characters`)),description:m(c(),A(/^(?![\s\S]*---)[^<>]*\S[^<>]*$/,"must be non-empty text without <, > or ---"),q(1024,`must be at most ${1024} characters`)),argument_hint:a,compatibility:u(m(a,q(500,`must be at most ${500} characters`))),commit_message_skill:u(a)}),project:k({name:a,package:u(a),tests_dir:a,about:u(a)}),runner:k({python:u(m($,R("The project's interpreter, e.g. .venv/bin/python or python3; {{python}} elsewhere in the profile. Default: what base runs under, else python.")),se),base:u(m($,R("The pytest command, e.g. uv run pytest; {{pytest}} elsewhere. Default: {{python}} -m pytest.")),K),env:u(h(gn),[]),also:u(h($),[]),default_flags:u(h(xn),[]),timeouts:Tn}),options:k({closed:u(P(),!1),also_accept:u(h(a),[]),project:u(h(Te),[]),pytest:u(h(Te),[])}),examples:u(h(kn),[]),path_resolution:u(_n,{}),preflight:u(h(bn),[]),layout:u(h(wn),[]),mapping:u(h(Sn),[]),stop_gate:u(m(P(),R("Stop gate: before the agent ends its turn, ask once for the mapped tests of every source file changed in the session that no pytest run covered since (true by default for an installed profile; the plugin's own default profile never gates). false turns it off.")),!0),quick_checks:u(h(En),[]),timeout_signatures:u(h(a),Ce),hang_sections:u(h(a),[]),known_flaky:u(h(An),[]),hints:u(On,{}),show_changes:u(h($),[]),git:u(In,{}),allowed_tools:m(h(Pn),C(1,"needs at least one permission rule")),gotchas:u(h(a),[])});var re="run_tests_skill_reporter",$e="RUN_TESTS_SKILL_REPORT_DIR";var Le="# run-tests-skill: streaming pytest reporter",jn=7;function je(e){return`'${e.replace(/'/g,"'\\''")}'`}function Ln(e,t){return[`${Le} (delete these lines to turn it off)`,`export ${$e}=${je(t)}`,`export PYTHONPATH=${je(e)}"\${PYTHONPATH:+:$PYTHONPATH}"`,`export PYTEST_ADDOPTS="-p ${re}\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`]}function Fn(e){let t=(e??"").replace(/[^A-Za-z0-9_-]/g,"_").slice(0,80);return t===""?"default":t}function Mn(e,t){return(0,T.join)(e,Fn(t))}function Un(e){try{let t=(0,d.lstatSync)(e);if(t.isSymbolicLink())return`${e} is a symbolic link; remove it (the reporter stays off)`;if(!t.isDirectory())return`${e} is not a folder; remove it (the reporter stays off)`}catch{}return null}function zn(e){return(0,T.join)(e,"reporter")}function Bn(e,t){let n=zn(e);(0,d.mkdirSync)(n,{recursive:!0});let r=(0,T.join)(n,`${re}.py`);return((0,d.existsSync)(r)?(0,d.readFileSync)(r,"utf8"):null)!==t&&ce(r,t),n}function Gn(e,t){let n=e.trim().split(/\s+/),r=[],s=n[0]??"";if(/(?:^|\/)python[\d.]*$/.test(s))if(s.includes("*")){let[o,...p]=s.split("/"),l=new RegExp(`^${(o??"").replace(/[.+^${}()|[\]\\]/g,"\\$&").replace(/\*/g,".*")}$`);try{for(let y of(0,d.readdirSync)(t).filter(f=>l.test(f)).sort().reverse()){let f=(0,T.join)(t,y,...p);(0,d.existsSync)(f)&&r.push(f)}}catch{}}else r.push(s.includes("/")&&!s.startsWith("/")?(0,T.join)(t,s):s);let i=(0,T.join)(t,".venv","bin","python");return(0,d.existsSync)(i)&&r.push(i),r.push("python3","python"),[...new Set(r)]}async function qn(e,t,n){let r=await we(e,t,{env:{...process.env,...n},timeoutMs:4e3});return{exitCode:r.exitCode,failed:r.failed,missing:r.missing||r.exitCode===127}}async function Fe(e){let t=Bn(e.stateDir,e.source),n=Un(e.spoolDir);if(n)return{enabled:!1,reason:n};let r=Mn(e.spoolDir,e.sessionId);(0,d.mkdirSync)(r,{recursive:!0});let s=(0,T.join)(e.spoolDir,".gitignore");(0,d.existsSync)(s)||ce(s,`# run-tests-skill: streaming pytest reports, local only
*
`),Xn(e.spoolDir,e.now??Date.now(),r);let i=e.run??qn,o;for(let y of Gn(e.runnerBase,e.projectDir)){let f={...process.env,PYTHONPATH:t,PYTHONDONTWRITEBYTECODE:"1"},_=await i(y,["-c",`import ${re}`],f).catch(()=>({exitCode:void 0,failed:!0,missing:!0}));if(_.exitCode===0){o=y;break}if(!_.missing)return{enabled:!1,reason:`${y} could not import the reporter module`}}if(!o)return{enabled:!1,reason:"no Python interpreter found"};let p=(0,d.existsSync)(e.envFile)?(0,d.readFileSync)(e.envFile,"utf8"):"";if(p.includes(Le))return{enabled:!0,reason:"already enabled",python:o};(0,d.mkdirSync)((0,T.dirname)(e.envFile),{recursive:!0});let l=p===""||p.endsWith(`
`)?"":`
`;return(0,d.appendFileSync)(e.envFile,`${l}${Ln(t,r).join(`
`)}
`),{enabled:!0,reason:"enabled",python:o}}function Xn(e,t,n){let r=[];try{r=(0,d.readdirSync)(e)}catch{return}for(let s of r){let i=(0,T.join)(e,s);if(!(i===n||s===".gitignore"))try{let o=(0,d.lstatSync)(i);if(t-o.mtimeMs<=jn*864e5)continue;o.isDirectory()?(0,d.rmSync)(i,{recursive:!0,force:!0}):(0,d.unlinkSync)(i)}catch{}}}var Me=`# run-tests-skill: a streaming JSONL reporter for pytest (stdlib only, Python 3.8+).
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
`;var ae=require("node:fs"),E=require("node:path");var Ue=[{path:".claude/run-tests-skill",kind:"dir",what:"run-tests-skill's install (hook bundles, compiled profile, state)"},{path:".claude/settings.json",kind:"file",what:"the project's Claude Code settings (hook registrations, sandbox)"},{path:".claude/settings.local.json",kind:"file",what:"the project's local Claude Code settings"},{path:".claude/skills",kind:"dir",what:"the project's skills (the allowed-tools the guard enforces)"}],ze=".claude/run-tests-skill-reports";var Ge=(0,E.join)(".claude","run-tests-skill"),Be="profile.json",Wn=(0,E.join)(Ge,"state");function qe(e,t,n=process.env){let r=(0,E.join)(e,Ge,Be),s=(0,ae.existsSync)(r),i=s?r:[(0,E.join)(t,"..",Be)].find(l=>(0,ae.existsSync)(l))??null,o=n.CLAUDE_PLUGIN_DATA,p=!s&&o?(0,E.join)(o,"projects",Vn(e)):null;return{projectDir:e,installed:s,profileFile:i&&(0,E.resolve)(i),stateDir:p?(0,E.join)(p,"state"):(0,E.join)(e,Wn),spoolDir:p?(0,E.join)(p,"reports"):(0,E.join)(e,ze)}}function Vn(e){return(0,E.resolve)(e).replace(/[^A-Za-z0-9._-]+/g,"-")}function Xe(e,t){return(0,E.resolve)(e.CLAUDE_PROJECT_DIR||t||process.cwd())}function We(){return typeof __dirname=="string"?__dirname:(0,E.dirname)((0,E.resolve)(process.argv[1]??"."))}var Ve=require("node:fs");function He(e){if(!e)return{ok:!1,problem:"no compiled profile found (run `run-tests-skill init` or install the plugin)"};let t;try{t=JSON.parse((0,Ve.readFileSync)(e,"utf8"))}catch(s){return{ok:!1,problem:`${e}: cannot read the compiled profile (${s.message})`}}let n=t&&typeof t=="object"&&"profile"in t?t.profile:t,r=ne(Ne,n);if(!r.success){let s=r.issues[0];return{ok:!1,problem:`${e}: invalid profile at ${s?Y(s):"?"}: ${s?.message}`}}return{ok:!0,profile:r.output,file:e}}var B=require("node:fs"),Ze=require("node:os"),g=require("node:path");var Hn={guaranteed:"guaranteed (sandbox barrier on)","best-effort":"best effort (no barrier; `run-tests-skill init --sandbox` turns it on)"};function Je(e){return`git rule enforcement: ${Hn[e]}`}var pe=e=>e!==null&&typeof e=="object"&&!Array.isArray(e);function Ke(e,t){return e==="~"||e.startsWith("~/")?(0,g.join)((0,Ze.homedir)(),e.slice(1)):(0,g.isAbsolute)(e)?(0,g.resolve)(e):(0,g.resolve)(t,e)}function fe(e){try{return(0,B.readFileSync)(e,"utf8")}catch{return null}}function Jn(e){let t=(0,g.resolve)(e);for(;;){let n=(0,g.join)(t,".git");if((0,B.existsSync)(n))return n;let r=(0,g.dirname)(t);if(r===t)return null;t=r}}function Kn(e){let t=Jn(e);if(!t)return[];let n=[t],r=t,s=!1;try{s=(0,B.statSync)(t).isFile()}catch{return n}if(s){let o=/^gitdir:\s*(.+?)\s*$/m.exec(fe(t)??"")?.[1];if(!o)return n;r=(0,g.resolve)((0,g.dirname)(t),o),n.push(r)}let i=fe((0,g.join)(r,"commondir"))?.trim();return i&&n.push((0,g.resolve)(r,i)),[...new Set(n)]}function Zn(e,t){let n=(0,g.relative)((0,g.resolve)(t),e);return n===""||n.startsWith("..")||(0,g.isAbsolute)(n)?e:n.split(g.sep).join("/")}function Yn(e){let t=[...Ue.map(n=>n.path),".git"];for(let n of Kn(e))t.push(Zn(n,e));return[...new Set(t)]}var Qn=(e,t)=>e===t||e.startsWith(t.endsWith(g.sep)?t:t+g.sep);function et(e,t,n){let r=t.flatMap(s=>typeof s=="string"&&s.trim()!==""?[Ke(s.replace(/\/+$/,"")||"/",n)]:[]);return e.filter(s=>{let i=Ke(s,n);return!r.some(o=>Qn(i,o))})}function nt(e,t){let n=pe(e)?e.sandbox:void 0,r=Yn(t);if(!pe(n)||n.enabled!==!0||n.allowUnsandboxedCommands!==!1)return{on:!1,sandboxOff:!0,missing:r};let s=n.filesystem;if(!pe(s)||s.disabled===!0)return{on:!1,sandboxOff:!0,missing:r};let i=et(r,Array.isArray(s.denyWrite)?s.denyWrite:[],t);return i.length===0?{on:!0}:{on:!1,sandboxOff:!1,missing:i}}function tt(e){let t=fe((0,g.join)(e,".claude","settings.json"));if(t===null)return null;try{return JSON.parse(t.charCodeAt(0)===65279?t.slice(1):t)}catch{return null}}function Ye(e){return nt(tt(e),e)}function Qe(e){if(e.on)return`run-tests-skill: ${Je("guaranteed")}.`;let t=[`run-tests-skill: ${Je("best-effort")}.`];return e.sandboxOff||t.push(`The Bash sandbox is on, but its filesystem.denyWrite no longer covers ${e.missing.join(", ")} (the git layout changed since init?), so those are writable from inside it. Tell the user: \`run-tests-skill init --sandbox\` covers them again.`),t.join(`
`)}var ye="session-start";async function rt(){let e=xe(await ge(),le);if(!e.ok){te(ye,e.problem);return}let t=e.value,n=Xe(process.env,t.cwd);if(!(0,en.existsSync)(n))return;ke(Ee("SessionStart",Qe(Ye(n))));let r=process.env.CLAUDE_ENV_FILE;if(!r||/^(?:0|off|false|no)$/i.test(process.env.RUN_TESTS_SKILL_REPORTER??""))return;let s=qe(n,We()),i=He(s.profileFile),o=await Fe({stateDir:s.stateDir,spoolDir:s.spoolDir,projectDir:n,sessionId:t.session_id,envFile:r,runnerBase:i.ok?i.profile.runner.base:K,source:Me});o.enabled||te(ye,`streaming reporter not enabled: ${o.reason}`)}rt().catch(e=>te(ye,`internal error: ${e instanceof Error?e.message:String(e)}`)).finally(()=>{process.exitCode=0});
