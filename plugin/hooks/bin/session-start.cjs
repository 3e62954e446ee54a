// Built by hooks/build.ts from hooks/entry; do not edit.
"use strict";var $e=require("node:fs");var V,je={lang:void 0,message:void 0,abortEarly:void 0,abortPipeEarly:void 0};function se(e){return!e&&!V?je:{lang:e?.lang??V?.lang,message:e?.message,abortEarly:e?.abortEarly??V?.abortEarly,abortPipeEarly:e?.abortPipeEarly??V?.abortPipeEarly}}var Me;function Le(e){return Me?.get(e)}var Fe;function qe(e){return Fe?.get(e)}var Ge;function ze(e,t){return Ge?.get(e)?.get(t)}function M(e){let t=typeof e;return t==="string"?`"${e}"`:t==="number"||t==="bigint"||t==="boolean"?`${e}`:t==="object"||t==="function"?(e&&Object.getPrototypeOf(e)?.constructor?.name)??"null":t}function g(e,t,n,r,i){let s=i&&"input"in i?i.input:n.value,u=i?.expected??e.expects??null,f=i?.received??M(s),l={kind:e.kind,type:e.type,input:s,expected:u,received:f,message:`Invalid ${t}: ${u?`Expected ${u} but r`:"R"}eceived ${f}`,requirement:e.requirement,path:i?.path,issues:i?.issues,lang:r.lang,abortEarly:r.abortEarly,abortPipeEarly:r.abortPipeEarly},p=e.kind==="schema",y=i?.message??e.message??ze(e.reference,l.lang)??(p?qe(l.lang):null)??r.message??Le(l.lang);y!==void 0&&(l.message=typeof y=="function"?y(l):y),p&&(n.typed=!1),n.issues?n.issues.push(l):n.issues=[l]}function Ue(e,t){return e===t||Number.isNaN(e)&&Number.isNaN(t)}function ie(e,t){return Object.prototype.hasOwnProperty.call(e,t)&&t!=="__proto__"&&t!=="prototype"&&t!=="constructor"}function Be(e,t){let n=[...new Set(e)];return n.length>1?`(${n.join(` ${t} `)})`:n[0]??"never"}function E(e){return e["~standard"]={version:1,vendor:"valibot",validate:t=>e["~run"]({value:t},se())},e}function W(e){if(e.path){let t="";for(let n of e.path)if(typeof n.key=="string"||typeof n.key=="number")t?t+=`.${n.key}`:t+=n.key;else return null;return t}return null}var En=new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$","u");function C(e){return{kind:"metadata",type:"description",reference:C,description:e}}function F(e){return{kind:"validation",type:"integer",reference:F,async:!1,expects:null,requirement:Number.isInteger,message:e,"~run"(t,n){return t.typed&&!this.requirement(t.value)&&g(this,"integer",t,n),t}}}function q(e,t){return{kind:"validation",type:"max_length",reference:q,async:!1,expects:`<=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length>this.requirement&&g(this,"length",n,r,{received:`${n.value.length}`}),n}}}function K(e,t){return{kind:"validation",type:"max_value",reference:K,async:!1,expects:`<=${e instanceof Date?e.toJSON():M(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value<=this.requirement)&&g(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():M(n.value)}),n}}}function I(e,t){return{kind:"validation",type:"min_length",reference:I,async:!1,expects:`>=${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&n.value.length<this.requirement&&g(this,"length",n,r,{received:`${n.value.length}`}),n}}}function G(e,t){return{kind:"validation",type:"min_value",reference:G,async:!1,expects:`>=${e instanceof Date?e.toJSON():M(e)}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!(n.value>=this.requirement)&&g(this,"value",n,r,{received:n.value instanceof Date?n.value.toJSON():M(n.value)}),n}}}function S(e,t){return{kind:"validation",type:"regex",reference:S,async:!1,expects:`${e}`,requirement:e,message:t,"~run"(n,r){return n.typed&&!this.requirement.test(n.value)&&g(this,"format",n,r),n}}}var Xe={abortEarly:!0};function oe(e,t,n){return typeof e.fallback=="function"?e.fallback(t,n):e.fallback}function Q(e,t,n){return typeof e.default=="function"?e.default(t,n):e.default}function h(e,t){return E({kind:"schema",type:"array",reference:h,expects:"Array",async:!1,item:e,message:t,"~run"(n,r){let i=n.value;if(Array.isArray(i)){n.typed=!0,n.value=[];for(let s=0;s<i.length;s++){let u=i[s],f=this.item["~run"]({value:u},r);if(f.issues){let l={type:"array",origin:"value",input:i,key:s,value:u};for(let p of f.issues)p.path?p.path.unshift(l):p.path=[l],n.issues?.push(p);if(n.issues||(n.issues=f.issues),r.abortEarly){n.typed=!1;break}}f.typed||(n.typed=!1),n.value.push(f.value)}}else g(this,"type",n,r);return n}})}function P(e){return E({kind:"schema",type:"boolean",reference:P,expects:"boolean",async:!1,message:e,"~run"(t,n){return typeof t.value=="boolean"?t.typed=!0:g(this,"type",t,n),t}})}function N(e,t){return E({kind:"schema",type:"literal",reference:N,expects:M(e),async:!1,literal:e,message:t,"~run"(n,r){return Ue(n.value,this.literal)?n.typed=!0:g(this,"type",n,r),n}})}function O(e,t){return E({kind:"schema",type:"loose_object",reference:O,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let i=n.value;if(i&&typeof i=="object"){n.typed=!0,n.value={};for(let s in this.entries){let u=this.entries[s];if(s in i||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let f=s in i?i[s]:Q(u),l=u["~run"]({value:f},r);if(l.issues){let p={type:"object",origin:"value",input:i,key:s,value:f};for(let y of l.issues)y.path?y.path.unshift(p):y.path=[p],n.issues?.push(y);if(n.issues||(n.issues=l.issues),r.abortEarly){n.typed=!1;break}}l.typed||(n.typed=!1),n.value[s]=l.value}else if(u.fallback!==void 0)n.value[s]=oe(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(g(this,"key",n,r,{input:void 0,expected:`"${s}"`,path:[{type:"object",origin:"key",input:i,key:s,value:i[s]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly)for(let s in i)ie(i,s)&&!Object.prototype.hasOwnProperty.call(this.entries,s)&&(n.value[s]=i[s])}else g(this,"type",n,r);return n}})}function R(e){return E({kind:"schema",type:"number",reference:R,expects:"number",async:!1,message:e,"~run"(t,n){return typeof t.value=="number"&&!isNaN(t.value)?t.typed=!0:g(this,"type",t,n),t}})}function o(e,t){return E({kind:"schema",type:"optional",reference:o,expects:`(${e.expects} | undefined)`,async:!1,wrapped:e,default:t,"~run"(n,r){return n.value===void 0&&(this.default!==void 0&&(n.value=Q(this,n,r)),n.value===void 0)?(n.typed=!0,n):this.wrapped["~run"](n,r)}})}function z(e,t,n){return E({kind:"schema",type:"record",reference:z,expects:"Object",async:!1,key:e,value:t,message:n,"~run"(r,i){let s=r.value;if(s&&typeof s=="object"){r.typed=!0,r.value={};for(let u in s)if(ie(s,u)){let f=s[u],l=this.key["~run"]({value:u},i);if(l.issues){let y={type:"object",origin:"key",input:s,key:u,value:f};for(let _ of l.issues)_.path=[y],r.issues?.push(_);if(r.issues||(r.issues=l.issues),i.abortEarly){r.typed=!1;break}}let p=this.value["~run"]({value:f},i);if(p.issues){let y={type:"object",origin:"value",input:s,key:u,value:f};for(let _ of p.issues)_.path?_.path.unshift(y):_.path=[y],r.issues?.push(_);if(r.issues||(r.issues=p.issues),i.abortEarly){r.typed=!1;break}}(!l.typed||!p.typed)&&(r.typed=!1),l.typed&&(r.value[l.value]=p.value)}}else g(this,"type",r,i);return r}})}function x(e,t){return E({kind:"schema",type:"strict_object",reference:x,expects:"Object",async:!1,entries:e,message:t,"~run"(n,r){let i=n.value;if(i&&typeof i=="object"){n.typed=!0,n.value={};for(let s in this.entries){let u=this.entries[s];if(s in i||(u.type==="exact_optional"||u.type==="optional"||u.type==="nullish")&&u.default!==void 0){let f=s in i?i[s]:Q(u),l=u["~run"]({value:f},r);if(l.issues){let p={type:"object",origin:"value",input:i,key:s,value:f};for(let y of l.issues)y.path?y.path.unshift(p):y.path=[p],n.issues?.push(y);if(n.issues||(n.issues=l.issues),r.abortEarly){n.typed=!1;break}}l.typed||(n.typed=!1),n.value[s]=l.value}else if(u.fallback!==void 0)n.value[s]=oe(u);else if(u.type!=="exact_optional"&&u.type!=="optional"&&u.type!=="nullish"&&(g(this,"key",n,r,{input:void 0,expected:`"${s}"`,path:[{type:"object",origin:"key",input:i,key:s,value:i[s]}]}),r.abortEarly))break}if(!n.issues||!r.abortEarly){for(let s in i)if(!Object.prototype.hasOwnProperty.call(this.entries,s)){g(this,"key",n,r,{input:s,expected:"never",path:[{type:"object",origin:"key",input:i,key:s,value:i[s]}]});break}}}else g(this,"type",n,r);return n}})}function c(e){return E({kind:"schema",type:"string",reference:c,expects:"string",async:!1,message:e,"~run"(t,n){return typeof t.value=="string"?t.typed=!0:g(this,"type",t,n),t}})}function L(){return E({kind:"schema",type:"unknown",reference:L,expects:"unknown",async:!1,"~run"(e){return e.typed=!0,e}})}function ee(e,t,n){return E({kind:"schema",type:"variant",reference:ee,expects:"Object",async:!1,key:e,options:t,message:n,"~run"(r,i){let s=r.value;if(s&&typeof s=="object"){let u,f=0,l=this.key,p=[],y=(_,j)=>{for(let b of _.options){if(b.type==="variant")y(b,new Set(j).add(b.key));else{let X=!0,D=0;for(let m of j){let T=b.entries[m];if(m in s?T["~run"]({typed:!1,value:s[m]},Xe).issues:T.type!=="exact_optional"&&T.type!=="optional"&&T.type!=="nullish"){X=!1,l!==m&&(f<D||f===D&&m in s&&!(l in s))&&(f=D,l=m,p=[]),l===m&&p.push(b.entries[m].expects);break}D++}if(X){let m=b["~run"]({value:s},i);(!u||!u.typed&&m.typed)&&(u=m)}}if(u&&!u.issues)break}};if(y(this,new Set([this.key])),u)return u;g(this,"type",r,i,{input:s[l],expected:Be(p,"|"),path:[{type:"object",origin:"value",input:s,key:l,value:s[l]}]})}else g(this,"type",r,i);return r}})}function v(...e){return E({...e[0],pipe:e,"~run"(t,n){for(let r of e)if(r.kind!=="metadata"){if(t.issues&&(r.kind==="schema"||r.kind==="transformation")){t.typed=!1;break}(!t.issues||!n.abortEarly&&!n.abortPipeEarly)&&(t=r["~run"](t,n))}return t}})}function J(e,t,n){let r=e["~run"]({value:t},se(n));return{typed:r.typed,success:!r.issues,output:r.value,issues:r.issues}}var U={session_id:o(c()),transcript_path:o(c()),cwd:o(c()),permission_mode:o(c()),prompt_id:o(c()),agent_id:o(c()),agent_type:o(c())},wn=O({command:c(),description:o(c()),timeout:o(R()),run_in_background:o(P())}),Sn=O({stdout:o(c()),stderr:o(c()),interrupted:o(P()),returnCodeInterpretation:o(c()),backgroundTaskId:o(c()),timedOutAfterMs:o(R()),persistedOutputPath:o(c()),persistedOutputSize:o(R())}),Ve=O({...U,hook_event_name:N("PreToolUse"),tool_name:c(),tool_input:z(c(),L()),tool_use_id:o(c())}),We=O({...U,hook_event_name:N("PostToolUse"),tool_name:c(),tool_input:z(c(),L()),tool_response:L(),tool_use_id:o(c()),duration_ms:o(R())}),Ke=O({...U,hook_event_name:N("PostToolUseFailure"),tool_name:c(),tool_input:z(c(),L()),tool_use_id:o(c()),error:c(),is_interrupt:o(P()),duration_ms:o(R())}),Je=O({...U,hook_event_name:N("UserPromptExpansion"),expansion_type:o(c()),command_name:o(c()),command_args:o(c()),command_source:o(c()),prompt:o(c())}),ne=O({...U,hook_event_name:N("SessionStart"),source:o(c())}),Rn=ee("hook_event_name",[Ve,We,Ke,Je,ne]);async function ue(e=process.stdin){let t=[];for await(let n of e)t.push(typeof n=="string"?Buffer.from(n):n);return Buffer.concat(t).toString("utf8")}function le(e,t){let n=e.trim();if(n==="")return{ok:!1,problem:"empty stdin"};let r;try{r=JSON.parse(n)}catch(s){return{ok:!1,problem:`stdin is not JSON (${s.message})`}}let i=J(t,r);if(!i.success){let s=i.issues[0],u=s?W(s):null;return{ok:!1,problem:`unexpected hook input${u?` at ${u}`:""}: ${s?.message??"?"}`}}return{ok:!0,value:i.output}}function H(e,t){process.stderr.write(`run-tests-skill ${e}: ${t}
`)}var d=require("node:fs"),A=require("node:path");var k=require("node:fs"),B=require("node:path");function ce(e,t,n){let r=(0,k.existsSync)(e)&&(0,k.lstatSync)(e).isSymbolicLink()?(0,k.realpathSync)(e):e;(0,k.mkdirSync)((0,B.dirname)(r),{recursive:!0});let i=`${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2,10)}`,s=(0,B.join)((0,B.dirname)(r),`.${i}.run-tests-skill.tmp`);try{(0,k.writeFileSync)(s,t,n===void 0?void 0:{mode:n});let u=n??((0,k.existsSync)(r)?(0,k.statSync)(r).mode&511:void 0);u!==void 0&&(0,k.chmodSync)(s,u),(0,k.renameSync)(s,r)}catch(u){throw(0,k.rmSync)(s,{force:!0}),u}}var ae=require("node:child_process");function pe(e,t,n){let r=n.maxBuffer??1048576;return new Promise(i=>{let s=[],u=[],f=0,l=0,p=!1,y=!1,_=!1,j=(m,T=!1)=>{_||(_=!0,clearTimeout(X),i({exitCode:m,stdout:Buffer.concat(s).toString("utf8"),stderr:Buffer.concat(u).toString("utf8"),failed:m!==0||p||y,missing:T,timedOut:p}))},b;try{b=(0,ae.spawn)(e,t,{cwd:n.cwd,env:n.env??process.env,stdio:["ignore","pipe","pipe"],windowsHide:!0})}catch{j(void 0);return}let X=setTimeout(()=>{p=!0,b.kill("SIGTERM")},n.timeoutMs),D=(m,T)=>re=>{if(T(re.length)>r){y=!0,b.kill("SIGTERM");return}m.push(re)};b.stdout?.on("data",D(s,m=>f+=m)),b.stderr?.on("data",D(u,m=>l+=m)),b.on("error",m=>j(void 0,m.code==="ENOENT")),b.on("close",m=>j(m??void 0))})}var fe=/^[a-z0-9]+(-[a-z0-9]+)*$/;var Ze=["name","description","license","compatibility","metadata","allowed-tools"],Dn=[...Ze,"when_to_use","argument-hint","arguments","disable-model-invocation","user-invocable","disallowed-tools","model","effort","context","agent","background","hooks","paths","shell","version"];var a=v(c(),S(/\S/,"must not be empty")),$=v(c(),S(/^[^\n]*\S[^\n]*$/,"must be a command on one line")),ke=e=>v(h($,`expected a list of ${e}`),I(1,`needs at least one ${e}`)),ve=v(c(),S(/^--?[A-Za-z0-9][\w-]*$/,"must look like --name or -x (no value, no =)")),He=x({flag:v(a,C("The flag as it is added, e.g. --tb=short.")),why:a,dropped_by:o(v(h(a),C('User flags that replace this default (prefix match: "--tb" drops "--tb=short").')),[]),omit_when:o(a)}),de=x({flag:ve,aliases:o(h(ve),[]),purpose:a,value_name:o(v(c(),S(/^[\w-]+$/,"must be a word such as level or key"),C("Shown as <name>."))),values:o(v(h(a),I(1,"needs at least one value when given"))),default:o(a),max_values:o(v(R(),F(),G(1))),requires:o(h(a),[]),note:o(a)}),Ye=x({args:c(),means:a,command:o($)}),Qe=x({title:a,why:a,when:o(a),run:ke("command"),on_failure:a,fix:o(h($),[])}),en=x({title:a,why:o(a),run:ke("command"),background:o(P(),!1)}),nn=x({rules:o(h(a),[]),commands:o(h($),[])}),tn=x({path:a,note:a}),rn=x({changed:v(h(a),I(1,"needs at least one changed path")),tests:v(h(a),I(1,"needs at least one test path")),note:o(a)}),sn=x({path:v(c(),S(/^(?!\/)(?!\.\.?\/)\S+\.py$/,"must be a repo-relative .py path such as tests/test_x.py")),name:v(c(),S(/^[\w:]+$/,"must be a test name without [params]")),params:o(v(h(a),I(1,"list at least one parametrisation, or leave params out"))),example_params:o(h(a),[]),signatures:v(h(a,"a known-flaky entry needs `signatures`, a list of crash signatures (e.g. trio.TooSlowError); without one any failure would be excused"),I(1,"a known-flaky entry needs at least one failure signature; without one any failure would be excused"),C("Crash signatures that make a failure of this test known-flaky (e.g. trio.TooSlowError); at least one, since without one any failure would be excused")),note:a}),on=x({stale_server:o(a),capture_pipe:o(a),import_error:o(a)}),ge=6e5,un=x({suite_ms:v(R(),F(),G(1e3),K(ge)),file_ms:v(R(),F(),G(1e3),K(ge))}),xe=["trio.TooSlowError","pexpect.exceptions.TIMEOUT","Failed: Timeout"],ln=v(c(),S(/^[A-Za-z][\w-]*(\([^(),\n]+\))?$/,"must be a permission rule such as Read or Bash(python -m pytest *), without commas")),be=x({extends:o(v(a,C("A built-in profile (tractor, generic) or a path relative to this file."))),skill:x({name:v(c(),S(fe,"must be lowercase letters, digits and single hyphens"),q(64,`must be at most ${64} characters`)),description:v(c(),S(/^(?![\s\S]*---)[^<>]*\S[^<>]*$/,"must be non-empty text without <, > or ---"),q(1024,`must be at most ${1024} characters`)),argument_hint:a,compatibility:o(v(a,q(500,`must be at most ${500} characters`))),commit_message_skill:o(a)}),project:x({name:a,package:o(a),tests_dir:a,about:o(a)}),runner:x({base:$,also:o(h($),[]),default_flags:o(h(He),[]),timeouts:un}),options:x({closed:o(P(),!1),also_accept:o(h(a),[]),project:o(h(de),[]),pytest:o(h(de),[])}),examples:o(h(Ye),[]),path_resolution:o(nn,{}),preflight:o(h(Qe),[]),layout:o(h(tn),[]),mapping:o(h(rn),[]),quick_checks:o(h(en),[]),timeout_signatures:o(h(a),xe),known_flaky:o(h(sn),[]),hints:o(on,{}),show_changes:o(h($),[]),allowed_tools:v(h(ln),I(1,"needs at least one permission rule")),gotchas:o(h(a),[])});var Y="run_tests_skill_reporter",_e="RUN_TESTS_SKILL_REPORT_DIR";var we="# run-tests-skill: streaming pytest reporter",fn=7;function Ee(e){return`'${e.replace(/'/g,"'\\''")}'`}function yn(e,t){return[`${we} (delete these lines to turn it off)`,`export ${_e}=${Ee(t)}`,`export PYTHONPATH=${Ee(e)}"\${PYTHONPATH:+:$PYTHONPATH}"`,`export PYTEST_ADDOPTS="-p ${Y}\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`]}function hn(e){let t=(e??"").replace(/[^A-Za-z0-9_-]/g,"_").slice(0,80);return t===""?"default":t}function mn(e,t){return(0,A.join)(e,"reports",hn(t))}function vn(e){return(0,A.join)(e,"reporter")}function dn(e,t){let n=vn(e);(0,d.mkdirSync)(n,{recursive:!0});let r=(0,A.join)(n,`${Y}.py`);return((0,d.existsSync)(r)?(0,d.readFileSync)(r,"utf8"):null)!==t&&ce(r,t),n}function gn(e,t){let n=e.trim().split(/\s+/),r=[],i=n[0]??"";if(/(?:^|\/)python[\d.]*$/.test(i))if(i.includes("*")){let[u,...f]=i.split("/"),l=new RegExp(`^${(u??"").replace(/[.+^${}()|[\]\\]/g,"\\$&").replace(/\*/g,".*")}$`);try{for(let p of(0,d.readdirSync)(t).filter(y=>l.test(y)).sort().reverse()){let y=(0,A.join)(t,p,...f);(0,d.existsSync)(y)&&r.push(y)}}catch{}}else r.push(i.includes("/")&&!i.startsWith("/")?(0,A.join)(t,i):i);let s=(0,A.join)(t,".venv","bin","python");return(0,d.existsSync)(s)&&r.push(s),r.push("python3","python"),[...new Set(r)]}async function kn(e,t,n){let r=await pe(e,t,{env:{...process.env,...n},timeoutMs:4e3});return{exitCode:r.exitCode,failed:r.failed,missing:r.missing||r.exitCode===127}}async function Se(e){let t=dn(e.stateDir,e.source),n=mn(e.stateDir,e.sessionId);(0,d.mkdirSync)(n,{recursive:!0}),xn((0,A.join)(e.stateDir,"reports"),e.now??Date.now(),n);let r=e.run??kn,i;for(let f of gn(e.runnerBase,e.projectDir)){let l={...process.env,PYTHONPATH:t,PYTHONDONTWRITEBYTECODE:"1"},p=await r(f,["-c",`import ${Y}`],l).catch(()=>({exitCode:void 0,failed:!0,missing:!0}));if(p.exitCode===0){i=f;break}if(!p.missing)return{enabled:!1,reason:`${f} could not import the reporter module`}}if(!i)return{enabled:!1,reason:"no Python interpreter found"};let s=(0,d.existsSync)(e.envFile)?(0,d.readFileSync)(e.envFile,"utf8"):"";if(s.includes(we))return{enabled:!0,reason:"already enabled",python:i};(0,d.mkdirSync)((0,A.dirname)(e.envFile),{recursive:!0});let u=s===""||s.endsWith(`
`)?"":`
`;return(0,d.appendFileSync)(e.envFile,`${u}${yn(t,n).join(`
`)}
`),{enabled:!0,reason:"enabled",python:i}}function xn(e,t,n){let r=[];try{r=(0,d.readdirSync)(e)}catch{return}for(let i of r){let s=(0,A.join)(e,i);if(s!==n)try{t-(0,d.statSync)(s).mtimeMs>fn*864e5&&(0,d.rmSync)(s,{recursive:!0,force:!0})}catch{}}}var Re=`# run-tests-skill: a streaming JSONL reporter for pytest (stdlib only, Python 3.8+).
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
`;var Ie=require("node:fs"),w=require("node:path"),Oe=(0,w.join)(".claude","run-tests-skill"),Ae="profile.json",bn=(0,w.join)(Oe,"state");function Te(e,t){let r=[(0,w.join)(e,Oe,Ae),(0,w.join)(t,"..",Ae)].find(i=>(0,Ie.existsSync)(i))??null;return{projectDir:e,profileFile:r&&(0,w.resolve)(r),stateDir:(0,w.join)(e,bn)}}function Pe(e,t){return(0,w.resolve)(e.CLAUDE_PROJECT_DIR||t||process.cwd())}function De(){return typeof __dirname=="string"?__dirname:(0,w.dirname)((0,w.resolve)(process.argv[1]??"."))}var Ce=require("node:fs");function Ne(e){if(!e)return{ok:!1,problem:"no compiled profile found (run `run-tests-skill init` or install the plugin)"};let t;try{t=JSON.parse((0,Ce.readFileSync)(e,"utf8"))}catch(i){return{ok:!1,problem:`${e}: cannot read the compiled profile (${i.message})`}}let n=t&&typeof t=="object"&&"profile"in t?t.profile:t,r=J(be,n);if(!r.success){let i=r.issues[0];return{ok:!1,problem:`${e}: invalid profile at ${i?W(i):"?"}: ${i?.message}`}}return{ok:!0,profile:r.output,file:e}}var te="session-start";async function _n(){let e=le(await ue(),ne);if(!e.ok){H(te,e.problem);return}let t=process.env.CLAUDE_ENV_FILE;if(!t||/^(?:0|off|false|no)$/i.test(process.env.RUN_TESTS_SKILL_REPORTER??""))return;let n=e.value,r=Pe(process.env,n.cwd);if(!(0,$e.existsSync)(r))return;let i=Te(r,De()),s=Ne(i.profileFile),u=await Se({stateDir:i.stateDir,projectDir:r,sessionId:n.session_id,envFile:t,runnerBase:s.ok?s.profile.runner.base:"python -m pytest",source:Re});u.enabled||H(te,`streaming reporter not enabled: ${u.reason}`)}_n().catch(e=>H(te,`internal error: ${e instanceof Error?e.message:String(e)}`)).finally(()=>{process.exitCode=0});
