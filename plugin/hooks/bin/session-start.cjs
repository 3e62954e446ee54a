// Built by hooks/build.ts from hooks/entry; do not edit.
"use strict";var Le=require("node:fs");var ee="python";var Fe="{{python}}",Rn=`${Fe} -m pytest`;var V=`${ee} -m pytest`;var H,Me={lang:void 0,message:void 0,abortEarly:void 0,abortPipeEarly:void 0};function ue(e){return!e&&!H?Me:{lang:e?.lang??H?.lang,message:e?.message,abortEarly:e?.abortEarly??H?.abortEarly,abortPipeEarly:e?.abortPipeEarly??H?.abortPipeEarly}}var Ue;function qe(e){return Ue?.get(e)}var Ge;function ze(e){return Ge?.get(e)}var Be;function Xe(e,t){return Be?.get(e)?.get(t)}function L(e){let t=typeof e;return t==="string"?`"${e}"`:t==="number"||t==="bigint"||t==="boolean"?`${e}`:t==="object"||t==="function"?(e&&Object.getPrototypeOf(e)?.constructor?.name)??"null":t}function g(e,t,n,r,i){let s=i&&"input"in i?i.input:n.value,u=i?.expected??e.expects??null,p=i?.received??L(s),c={kind:e.kind,type:e.type,input:s,expected:u,received:p,message:`Invalid ${t}: ${u?`Expected ${u} but r`:"R"}eceived ${p}`,requirement:e.requirement,path:i?.path,issues:i?.issues,lang:r.lang,abortEarly:r.abortEarly,abortPipeEarly:r.abortPipeEarly},f=e.kind==="schema",h=i?.message??e.message??Xe(e.reference,c.lang)??(f?ze(c.lang):null)??r.message??qe(c.lang);h!==void 0&&(c.message=typeof h=="function"?h(c):h),f&&(n.typed=!1),n.issues?n.issues.push(c):n.issues=[c]}function Ve(e,t){return e===t||Number.isNaN(e)&&Number.isNaN(t)}function le(e,t){return Object.prototype.hasOwnProperty.call(e,t)&&t!=="__proto__"&&t!=="prototype"&&t!=="constructor"}function He(e,t){let n=[...new Set(e)];return n.length>1?`(${n.join(` ${t} `)})`:n[0]??"never"}function w(e){return e["~standard"]={version:1,vendor:"valibot",validate:t=>e["~run"]({value:t},ue())},e}function W(e){if(e.path){let t="";for(let n of e.path)if(typeof n.key=="string"||typeof n.key=="number")t?t+=`.${n.key}`:t+=n.key;else return null;return t}return null}var Tn=new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$","u");function R(e){return{kind:"metadata",type:"description",reference:R,description:e}}function U(e){return{kind:"validation",type:"integer",reference:U,async:!1,expects:null,requirement:Number.isInteger,message:e,"~run"(t,n){return t.typed&&!this.requirement(t.value)&&g(this,"integer",t,n),t}}}function q(e,t){return{kind:"validation",type:"max_length",reference:q,async:!1,expects:`<=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length>this.requirement&&g(this,"length",n,r,{received:`${n.value.length}`}),n}}}function K(e,t){return{kind:"validation",type:"max_value",reference:K,async:!1,expects:`<=${e instanceof Date?e.toJSON():L(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value<=this.requirement)&&g(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():L(n.value)}),n}}}function P(e,t){return{kind:"validation",type:"min_length",reference:P,async:!1,expects:`>=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length<this.requirement&&g(this,"length",n,r,{received:`${n.value.length}`}),n}}}function G(e,t){return{kind:"validation",type:"min_value",reference:G,async:!1,expects:`>=${e instanceof Date?e.toJSON():L(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value>=this.requirement)&&g(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():L(n.value)}),n}}}function S(e,t){return{kind:"validation",type:"regex",reference:S,async:!1,expects:`${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!this.requirement.test(n.value)&&g(this,"format",n,r),n}}}var We={abortEarly:!0};function ce(e,t,n){return typeof e.fallback=="function"?e.fallback(t,n):e.fallback}function ne(e,t,n){return typeof e.default=="function"?e.default(t,n):e.default}function y(e,t){return w({kind:"schema",type:"array",reference:y,expects:"Array",async:!1,item:e,message:t,"~run"(n,r){let i=n.value;if(Array.isArray(i)){n.typed=!0,n.value=[];for(let s=0;s<i.length;s++){let u=i[s],p=this.item["~run"]({value:u},r);if(p.issues){let c={type:"array",origin:"value",input:i,key:s,value:u};for(let f of p.issues)f.path?f.path.unshift(c):f.path=[c],n.issues?.push(f);if(n.issues||(n.issues=p.issues),r.abortEarly){n.typed=!1;break}}p.typed||(n.typed=!1),n.value.push(p.value)}}else g(this,"type",n,r);return n}})}function O(e){return w({kind:"schema",type:"boolean",reference:O,expects:"boolean",async:!1,message:e,"~run"(t,n){return typeof t.value=="boolean"?t.typed=!0:g(this,"type",t,n),t}})}function C(e,t){return w({kind:"schema",type:"literal",reference:C,expects:L(e),async:!1,literal:e,message:t,"~run"(n,r){return Ve(n.value,this.literal)?n.typed=!0:g(this,"type",n,r),n}})}function T(e,t){return w({kind:"schema",type:"loose_object",reference:T,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let i=n.value;if(i&&typeof i=="object"){n.typed=!0,n.value={};for(let s in this.entries){let u=this.entries[s];if(s in i||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=s in i?i[s]:ne(u),c=u["~run"]({value:p},r);if(c.issues){let f={type:"object",origin:"value",input:i,key:s,value:p};for(let h of c.issues)h.path?h.path.unshift(f):h.path=[f],n.issues?.push(h);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[s]=c.value}else if(u.fallback!==void 0)n.value[s]=ce(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(g(this,"key",n,r,{input:void 0,expected:`"${s}"`,path:[{type:"object",origin:"key",input:i,key:s,value:i[s]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly)for(let s in i)le(i,s)&&!Object.prototype.hasOwnProperty.call(this.entries,s)&&(n.value[s]=i[s])}else g(this,"type",n,r);return n}})}function A(e){return w({kind:"schema",type:"number",reference:A,expects:"number",async:!1,message:e,"~run"(t,n){return typeof t.value=="number"&&!isNaN(t.value)?t.typed=!0:g(this,"type",t,n),t}})}function o(e,t){return w({kind:"schema",type:"optional",reference:o,expects:`(${e.expects} | undefined)`,async:!1,wrapped:e,default:t,"~run"(n,r){return n.value===void 0&&(this.default!==void 0&&(n.value=ne(this,n,r)),n.value===void 0)?(n.typed=!0,n):this.wrapped["~run"](n,r)}})}function z(e,t,n){return w({kind:"schema",type:"record",reference:z,expects:"Object",async:!1,key:e,value:t,message:n,"~run"(r,i){let s=r.value;if(s&&typeof s=="object"){r.typed=!0,r.value={};for(let u in s)if(le(s,u)){let p=s[u],c=this.key["~run"]({value:u},i);if(c.issues){let h={type:"object",origin:"key",input:s,key:u,value:p};for(let E of c.issues)E.path=[h],r.issues?.push(E);if(r.issues||(r.issues=c.issues),i.abortEarly){r.typed=!1;break}}let f=this.value["~run"]({value:p},i);if(f.issues){let h={type:"object",origin:"value",input:s,key:u,value:p};for(let E of f.issues)E.path?E.path.unshift(h):E.path=[h],r.issues?.push(E);if(r.issues||(r.issues=f.issues),i.abortEarly){r.typed=!1;break}}(!c.typed||!f.typed)&&(r.typed=!1),c.typed&&(r.value[c.value]=f.value)}}else g(this,"type",r,i);return r}})}function k(e,t){return w({kind:"schema",type:"strict_object",reference:k,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let i=n.value;if(i&&typeof i=="object"){n.typed=!0,n.value={};for(let s in this.entries){let u=this.entries[s];if(s in i||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let p=s in i?i[s]:ne(u),c=u["~run"]({value:p},r);if(c.issues){let f={type:"object",origin:"value",input:i,key:s,value:p};for(let h of c.issues)h.path?h.path.unshift(f):h.path=[f],n.issues?.push(h);if(n.issues||(n.issues=c.issues),r.abortEarly){n.typed=!1;break}}c.typed||(n.typed=!1),n.value[s]=c.value}else if(u.fallback!==void 0)n.value[s]=ce(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(g(this,"key",n,r,{input:void 0,expected:`"${s}"`,path:[{type:"object",origin:"key",input:i,key:s,value:i[s]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly){for(let s in i)if(!Object.prototype.hasOwnProperty.call(this.entries,s)){g(this,"key",n,r,{input:s,expected:"never",path:[{type:"object",origin:"key",input:i,key:s,value:i[s]}]});break}}}else g(this,"type",n,r);return n}})}function l(e){return w({kind:"schema",type:"string",reference:l,expects:"string",async:!1,message:e,"~run"(t,n){return typeof t.value=="string"?t.typed=!0:g(this,"type",t,n),t}})}function F(){return w({kind:"schema",type:"unknown",reference:F,expects:"unknown",async:!1,"~run"(e){return e.typed=!0,e}})}function te(e,t,n){return w({kind:"schema",type:"variant",reference:te,expects:"Object",async:!1,key:e,options:t,message:n,"~run"(r,i){let s=r.value;if(s&&typeof s=="object"){let u,p=0,c=this.key,f=[],h=(E,j)=>{for(let b of E.options){if(b.type==="variant")h(b,new Set(j).add(b.key));else{let X=!0,$=0;for(let v of j){let D=b.entries[v];if(v in s?D["~run"]({typed:!1,value:s[v]},We).issues:D.type!=="exact_optional"&&D.type!=="optional"&&D.type!=="nullish"){X=!1,c!==v&&(p<$||p===$&&v in s&&!(c in s))&&(p=$,c=v,f=[]),c===v&&f.push(b.entries[v].expects);break}$++}if(X){let v=b["~run"]({value:s},i);(!u||!u.typed&&v.typed)&&(u=v)}}if(u&&!u.issues)break}};if(h(this,new Set([this.key])),u)return u;g(this,"type",r,i,{input:s[c],expected:He(f,"|"),path:[{type:"object",origin:"value",input:s,key:c,value:s[c]}]})}else g(this,"type",r,i);return r}})}function m(...e){return w({...e[0],pipe:e,"~run"(t,n){for(let r of e)if(r.kind!=="metadata"){if(t.issues&&(r.kind==="schema"||r.kind==="transformation")){t.typed=!1;break}(!t.issues||!n.abortEarly&&!n.abortPipeEarly)&&(t=r["~run"](t,n))}return t}})}function J(e,t,n){let r=e["~run"]({value:t},ue(n));return{typed:r.typed,success:!r.issues,output:r.value,issues:r.issues}}var M={session_id:o(l()),transcript_path:o(l()),cwd:o(l()),permission_mode:o(l()),prompt_id:o(l()),agent_id:o(l()),agent_type:o(l())},Pn=T({command:l(),description:o(l()),timeout:o(A()),run_in_background:o(O())}),Dn=T({stdout:o(l()),stderr:o(l()),interrupted:o(O()),returnCodeInterpretation:o(l()),backgroundTaskId:o(l()),timedOutAfterMs:o(A()),persistedOutputPath:o(l()),persistedOutputSize:o(A())}),Ke=T({...M,hook_event_name:C("PreToolUse"),tool_name:l(),tool_input:z(l(),F()),tool_use_id:o(l())}),Je=T({...M,hook_event_name:C("PostToolUse"),tool_name:l(),tool_input:z(l(),F()),tool_response:F(),tool_use_id:o(l()),duration_ms:o(A())}),Ze=T({...M,hook_event_name:C("PostToolUseFailure"),tool_name:l(),tool_input:z(l(),F()),tool_use_id:o(l()),error:l(),is_interrupt:o(O()),duration_ms:o(A())}),Ye=T({...M,hook_event_name:C("UserPromptExpansion"),expansion_type:o(l()),command_name:o(l()),command_args:o(l()),command_source:o(l()),prompt:o(l())}),re=T({...M,hook_event_name:C("SessionStart"),source:o(l())}),Cn=T({...M,hook_event_name:C("Stop"),stop_hook_active:o(O()),last_assistant_message:o(l())}),Nn=te("hook_event_name",[Ke,Je,Ze,Ye,re]);async function ae(e=process.stdin){let t=[];for await(let n of e)t.push(typeof n=="string"?Buffer.from(n):n);return Buffer.concat(t).toString("utf8")}function pe(e,t){let n=e.trim();if(n==="")return{ok:!1,problem:"empty stdin"};let r;try{r=JSON.parse(n)}catch(s){return{ok:!1,problem:`stdin is not JSON (${s.message})`}}let i=J(t,r);if(!i.success){let s=i.issues[0],u=s?W(s):null;return{ok:!1,problem:`unexpected hook input${u?` at ${u}`:""}: ${s?.message??"?"}`}}return{ok:!0,value:i.output}}function Y(e,t){process.stderr.write(`run-tests-skill ${e}: ${t}
`)}var d=require("node:fs"),I=require("node:path");var x=require("node:fs"),B=require("node:path");function fe(e,t,n){let r=(0,x.existsSync)(e)&&(0,x.lstatSync)(e).isSymbolicLink()?(0,x.realpathSync)(e):e;(0,x.mkdirSync)((0,B.dirname)(r),{recursive:!0});let i=`${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2,10)}`,s=(0,B.join)((0,B.dirname)(r),`.${i}.run-tests-skill.tmp`);try{(0,x.writeFileSync)(s,t,n===void 0?void 0:{mode:n});let u=n??((0,x.existsSync)(r)?(0,x.statSync)(r).mode&511:void 0);u!==void 0&&(0,x.chmodSync)(s,u),(0,x.renameSync)(s,r)}catch(u){throw(0,x.rmSync)(s,{force:!0}),u}}var ye=require("node:child_process");function he(e,t,n){let r=n.maxBuffer??1048576;return new Promise(i=>{let s=[],u=[],p=0,c=0,f=!1,h=!1,E=!1,j=(v,D=!1)=>{E||(E=!0,clearTimeout(X),i({exitCode:v,stdout:Buffer.concat(s).toString("utf8"),stderr:Buffer.concat(u).toString("utf8"),failed:v!==0||f||h,missing:D,timedOut:f}))},b;try{b=(0,ye.spawn)(e,t,{cwd:n.cwd,env:n.env??process.env,stdio:["ignore","pipe","pipe"],windowsHide:!0})}catch{j(void 0);return}let X=setTimeout(()=>{f=!0,b.kill("SIGTERM")},n.timeoutMs),$=(v,D)=>oe=>{if(D(oe.length)>r){h=!0,b.kill("SIGTERM");return}v.push(oe)};b.stdout?.on("data",$(s,v=>p+=v)),b.stderr?.on("data",$(u,v=>c+=v)),b.on("error",v=>j(void 0,v.code==="ENOENT")),b.on("close",v=>j(v??void 0))})}var me=/^[a-z0-9]+(-[a-z0-9]+)*$/;var Qe=["name","description","license","compatibility","metadata","allowed-tools"],Un=[...Qe,"when_to_use","argument-hint","arguments","disable-model-invocation","user-invocable","disallowed-tools","model","effort","context","agent","background","hooks","paths","shell","version"];var en=m(l(),S(/^(?!(PATH|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|LD_\w*|DYLD_\w*|PYTHON\w*|GIT_\w*|PYTEST_\w*)=)[A-Za-z_]\w*=\S*$/,"must be NAME=VALUE without spaces (e.g. CI=true, UV_PROJECT_ENVIRONMENT=py*), and not a variable that changes what runs (PATH, LD_*, PYTHON*, GIT_*, PYTEST_*)")),a=m(l(),S(/\S/,"must not be empty")),N=m(l(),S(/^[^\n]*\S[^\n]*$/,"must be a command on one line")),_e=e=>m(y(N,`expected a list of ${e}`),P(1,`needs at least one ${e}`)),xe=m(l(),S(/^--?[A-Za-z0-9][\w-]*$/,"must look like --name or -x (no value, no =)")),nn=k({flag:m(a,R("The flag as it is added, e.g. --tb=short.")),why:a,dropped_by:o(m(y(a),R('User flags that replace this default (prefix match: "--tb" drops "--tb=short").')),[]),omit_when:o(a)}),ke=k({flag:xe,aliases:o(y(xe),[]),purpose:a,value_name:o(m(l(),S(/^[\w-]+$/,"must be a word such as level or key"),R("Shown as <name>."))),values:o(m(y(a),P(1,"needs at least one value when given"))),default:o(a),max_values:o(m(A(),U(),G(1))),requires:o(y(a),[]),note:o(a)}),tn=k({args:l(),means:a,command:o(N)}),rn=k({title:a,why:a,when:o(a),run:_e("command"),on_failure:a,fix:o(y(N),[])}),sn=k({title:a,why:o(a),run:_e("command"),background:o(O(),!1)}),on=k({rules:o(y(a),[]),commands:o(y(N),[])}),un=k({path:a,note:a}),ln=k({changed:m(y(a),P(1,"needs at least one changed path")),tests:m(y(a),P(1,"needs at least one test path")),note:o(a)}),cn=k({path:m(l(),S(/^(?!\/)(?!\.\.?\/)\S+\.py$/,"must be a repo-relative .py path such as tests/test_x.py")),name:m(l(),S(/^[\w:]+$/,"must be a test name without [params]")),params:o(m(y(a),P(1,"list at least one parametrisation, or leave params out"))),example_params:o(y(a),[]),signatures:m(y(a,"a known-flaky entry needs `signatures`, a list of crash signatures (e.g. trio.TooSlowError); without one any failure would be excused"),P(1,"a known-flaky entry needs at least one failure signature; without one any failure would be excused"),R("Crash signatures that make a failure of this test known-flaky (e.g. trio.TooSlowError); at least one, since without one any failure would be excused")),note:a}),an=k({stale_server:o(a),capture_pipe:o(a),import_error:o(a)}),be=6e5,pn=k({suite_ms:m(A(),U(),G(1e3),K(be)),file_ms:m(A(),U(),G(1e3),K(be))}),Ee=["trio.TooSlowError","pexpect.exceptions.TIMEOUT","Failed: Timeout","TimeoutError"],fn=m(l(),S(/^[A-Za-z][\w-]*(\([^(),\n]+\))?$/,"must be a permission rule such as Read or Bash(python -m pytest *), without commas")),we=k({extends:o(m(a,R("A built-in profile (tractor, generic) or a path relative to this file."))),skill:k({name:m(l(),S(me,"must be lowercase letters, digits and single hyphens"),q(64,`must be at most ${64} characters`)),description:m(l(),S(/^(?![\s\S]*---)[^<>]*\S[^<>]*$/,"must be non-empty text without <, > or ---"),q(1024,`must be at most ${1024} characters`)),argument_hint:a,compatibility:o(m(a,q(500,`must be at most ${500} characters`))),commit_message_skill:o(a)}),project:k({name:a,package:o(a),tests_dir:a,about:o(a)}),runner:k({python:o(m(N,R("The project's interpreter, e.g. .venv/bin/python or python3; {{python}} elsewhere in the profile. Default: what base runs under, else python.")),ee),base:o(m(N,R("The pytest command, e.g. uv run pytest; {{pytest}} elsewhere. Default: {{python}} -m pytest.")),V),env:o(y(en),[]),also:o(y(N),[]),default_flags:o(y(nn),[]),timeouts:pn}),options:k({closed:o(O(),!1),also_accept:o(y(a),[]),project:o(y(ke),[]),pytest:o(y(ke),[])}),examples:o(y(tn),[]),path_resolution:o(on,{}),preflight:o(y(rn),[]),layout:o(y(un),[]),mapping:o(y(ln),[]),stop_gate:o(m(O(),R("Stop gate: before the agent ends its turn, ask once for the mapped tests of every source file changed in the session that no pytest run covered since (true by default for an installed profile; the plugin's own default profile never gates). false turns it off.")),!0),quick_checks:o(y(sn),[]),timeout_signatures:o(y(a),Ee),hang_sections:o(y(a),[]),known_flaky:o(y(cn),[]),hints:o(an,{}),show_changes:o(y(N),[]),allowed_tools:m(y(fn),P(1,"needs at least one permission rule")),gotchas:o(y(a),[])});var Q="run_tests_skill_reporter",Se="RUN_TESTS_SKILL_REPORT_DIR";var Ie="# run-tests-skill: streaming pytest reporter",vn=7;function Ae(e){return`'${e.replace(/'/g,"'\\''")}'`}function dn(e,t){return[`${Ie} (delete these lines to turn it off)`,`export ${Se}=${Ae(t)}`,`export PYTHONPATH=${Ae(e)}"\${PYTHONPATH:+:$PYTHONPATH}"`,`export PYTEST_ADDOPTS="-p ${Q}\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`]}function gn(e){let t=(e??"").replace(/[^A-Za-z0-9_-]/g,"_").slice(0,80);return t===""?"default":t}function xn(e,t){return(0,I.join)(e,"reports",gn(t))}function kn(e){return(0,I.join)(e,"reporter")}function bn(e,t){let n=kn(e);(0,d.mkdirSync)(n,{recursive:!0});let r=(0,I.join)(n,`${Q}.py`);return((0,d.existsSync)(r)?(0,d.readFileSync)(r,"utf8"):null)!==t&&fe(r,t),n}function _n(e,t){let n=e.trim().split(/\s+/),r=[],i=n[0]??"";if(/(?:^|\/)python[\d.]*$/.test(i))if(i.includes("*")){let[u,...p]=i.split("/"),c=new RegExp(`^${(u??"").replace(/[.+^${}()|[\]\\]/g,"\\$&").replace(/\*/g,".*")}$`);try{for(let f of(0,d.readdirSync)(t).filter(h=>c.test(h)).sort().reverse()){let h=(0,I.join)(t,f,...p);(0,d.existsSync)(h)&&r.push(h)}}catch{}}else r.push(i.includes("/")&&!i.startsWith("/")?(0,I.join)(t,i):i);let s=(0,I.join)(t,".venv","bin","python");return(0,d.existsSync)(s)&&r.push(s),r.push("python3","python"),[...new Set(r)]}async function En(e,t,n){let r=await he(e,t,{env:{...process.env,...n},timeoutMs:4e3});return{exitCode:r.exitCode,failed:r.failed,missing:r.missing||r.exitCode===127}}async function Re(e){let t=bn(e.stateDir,e.source),n=xn(e.stateDir,e.sessionId);(0,d.mkdirSync)(n,{recursive:!0}),wn((0,I.join)(e.stateDir,"reports"),e.now??Date.now(),n);let r=e.run??En,i;for(let p of _n(e.runnerBase,e.projectDir)){let c={...process.env,PYTHONPATH:t,PYTHONDONTWRITEBYTECODE:"1"},f=await r(p,["-c",`import ${Q}`],c).catch(()=>({exitCode:void 0,failed:!0,missing:!0}));if(f.exitCode===0){i=p;break}if(!f.missing)return{enabled:!1,reason:`${p} could not import the reporter module`}}if(!i)return{enabled:!1,reason:"no Python interpreter found"};let s=(0,d.existsSync)(e.envFile)?(0,d.readFileSync)(e.envFile,"utf8"):"";if(s.includes(Ie))return{enabled:!0,reason:"already enabled",python:i};(0,d.mkdirSync)((0,I.dirname)(e.envFile),{recursive:!0});let u=s===""||s.endsWith(`
`)?"":`
`;return(0,d.appendFileSync)(e.envFile,`${u}${dn(t,n).join(`
`)}
`),{enabled:!0,reason:"enabled",python:i}}function wn(e,t,n){let r=[];try{r=(0,d.readdirSync)(e)}catch{return}for(let i of r){let s=(0,I.join)(e,i);if(s!==n)try{t-(0,d.statSync)(s).mtimeMs>vn*864e5&&(0,d.rmSync)(s,{recursive:!0,force:!0})}catch{}}}var Oe=`# run-tests-skill: a streaming JSONL reporter for pytest (stdlib only, Python 3.8+).
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
`;var se=require("node:fs"),_=require("node:path"),Pe=(0,_.join)(".claude","run-tests-skill"),Te="profile.json",Sn=(0,_.join)(Pe,"state");function De(e,t,n=process.env){let r=(0,_.join)(e,Pe,Te),i=(0,se.existsSync)(r),s=i?r:[(0,_.join)(t,"..",Te)].find(p=>(0,se.existsSync)(p))??null,u=n.CLAUDE_PLUGIN_DATA;return{projectDir:e,installed:i,profileFile:s&&(0,_.resolve)(s),stateDir:i||!u?(0,_.join)(e,Sn):(0,_.join)(u,"projects",An(e),"state")}}function An(e){return(0,_.resolve)(e).replace(/[^A-Za-z0-9._-]+/g,"-")}function Ce(e,t){return(0,_.resolve)(e.CLAUDE_PROJECT_DIR||t||process.cwd())}function Ne(){return typeof __dirname=="string"?__dirname:(0,_.dirname)((0,_.resolve)(process.argv[1]??"."))}var $e=require("node:fs");function je(e){if(!e)return{ok:!1,problem:"no compiled profile found (run `run-tests-skill init` or install the plugin)"};let t;try{t=JSON.parse((0,$e.readFileSync)(e,"utf8"))}catch(i){return{ok:!1,problem:`${e}: cannot read the compiled profile (${i.message})`}}let n=t&&typeof t=="object"&&"profile"in t?t.profile:t,r=J(we,n);if(!r.success){let i=r.issues[0];return{ok:!1,problem:`${e}: invalid profile at ${i?W(i):"?"}: ${i?.message}`}}return{ok:!0,profile:r.output,file:e}}var ie="session-start";async function In(){let e=pe(await ae(),re);if(!e.ok){Y(ie,e.problem);return}let t=process.env.CLAUDE_ENV_FILE;if(!t||/^(?:0|off|false|no)$/i.test(process.env.RUN_TESTS_SKILL_REPORTER??""))return;let n=e.value,r=Ce(process.env,n.cwd);if(!(0,Le.existsSync)(r))return;let i=De(r,Ne()),s=je(i.profileFile),u=await Re({stateDir:i.stateDir,projectDir:r,sessionId:n.session_id,envFile:t,runnerBase:s.ok?s.profile.runner.base:V,source:Oe});u.enabled||Y(ie,`streaming reporter not enabled: ${u.reason}`)}In().catch(e=>Y(ie,`internal error: ${e instanceof Error?e.message:String(e)}`)).finally(()=>{process.exitCode=0});
